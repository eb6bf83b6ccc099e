import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A canned response (balasan siap pakai): Indonesian text with `{nama}` and `{nomor}` placeholders. */
@Entity({ tableName: 'response_template' })
export class ResponseTemplate {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'active';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  title: string;

  @Property({ type: 'text' })
  body: string;

  /** Inactive ones are kept (replies name them) but no longer offered. */
  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz' })
  updatedAt: Date = new Date();
}
