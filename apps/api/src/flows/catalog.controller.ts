import { Body, Controller, Get, Headers, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type CatalogImportSummary } from '@closewatch/contracts/catalog';
import { catalogToJson, catalogToYaml } from '@closewatch/contracts/catalog-yaml';
import { actorOf } from '../audit/audit-log.service';
import { AnyRole, Principal, Roles } from '../auth/auth.decorators';
import { type RequestPrincipal } from '../auth/principal';
import { ReadsBody } from '../http/body-format.decorator';
import { catalogRequestBody } from './catalog-body';
import { CatalogImportService } from './catalog-import.service';
import { type CatalogExportQuery, catalogExportQuerySchema, type CatalogImportQuery, catalogImportQuerySchema } from './flows.schemas';
import { ZodPipe } from '../common/zod.pipe';

/** The whole catalog as one reviewable, versionable document (YAML by default, or JSON). */
@ApiTags('catalog')
@Controller('api/v1/catalog')
export class CatalogController {
  constructor(private readonly imports: CatalogImportService) {}

  @Get()
  @AnyRole()
  async export(@Query(new ZodPipe(catalogExportQuerySchema)) query: CatalogExportQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const doc = await this.imports.exportDocument();
    const yaml = query.format === 'yaml';
    res.setHeader('Content-Type', yaml ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    if (query.download) res.setHeader('Content-Disposition', `attachment; filename="closewatch-catalog.${query.format}"`);
    return yaml ? catalogToYaml(doc) : catalogToJson(doc);
  }

  /** `mode=merge` upserts, `mode=replace` also deletes what the document omits; `dryRun=true` only reports. */
  @Put()
  @Roles('admin')
  @ReadsBody('document')
  import(
    @Query(new ZodPipe(catalogImportQuerySchema)) query: CatalogImportQuery,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Principal() p: RequestPrincipal,
  ): Promise<CatalogImportSummary> {
    return this.imports.importDocument(catalogRequestBody(contentType, body), query, actorOf(p));
  }
}
