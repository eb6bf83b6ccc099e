import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import type { ResponseTemplate } from './response-template.entity';
import { ResponseTemplateService } from './response-template.service';
import { ResponseTemplateType } from './response-template.types';

const view = (t: ResponseTemplate): ResponseTemplateType => ({
  id: t.id,
  title: t.title,
  body: t.body,
  active: t.active,
  updatedAt: t.updatedAt,
});

@Resolver()
export class ResponseTemplateResolver {
  constructor(private readonly templates: ResponseTemplateService) {}

  @Authorized('HELPDESK')
  @Query(() => [ResponseTemplateType], {
    description:
      'Canned responses, by title [HELPDESK+]; includeInactive (for their management) lists retired ones too.',
  })
  async responseTemplates(
    @Ctx() ctx: RequestContext,
    @Arg('includeInactive', () => Boolean, { defaultValue: false }) includeInactive: boolean = false,
  ): Promise<ResponseTemplateType[]> {
    return (await this.templates.list(ctx.em, includeInactive)).map(view);
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => ResponseTemplateType, {
    description: 'Adds a canned response [SUPERVISOR+]: title 2-100, text 2-4000 with only {nama} and {nomor}.',
  })
  async createResponseTemplate(
    @Ctx() ctx: RequestContext,
    @Arg('title', () => String) title: string,
    @Arg('body', () => String) body: string,
  ): Promise<ResponseTemplateType> {
    return view(await this.templates.create(ctx, title, body));
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => ResponseTemplateType, {
    description: 'Changes a canned response, or retires it (active: false) [SUPERVISOR+].',
  })
  async updateResponseTemplate(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('title', () => String) title: string,
    @Arg('body', () => String) body: string,
    @Arg('active', () => Boolean) active: boolean,
  ): Promise<ResponseTemplateType> {
    return view(await this.templates.update(ctx, id, title, body, active));
  }
}
