import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type ConfigDiffDto, type ConfigDiffQuery, configDiffQuerySchema, type ConfigVersionListDto } from '@closewatch/contracts/config-history';
import { AnyRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod.pipe';
import { ConfigVersions } from './config-versions.service';

const diffPipe = () => new ZodPipe(configDiffQuerySchema);

/**
 * Versions of governed configuration under each resource's own path (docs/configuration-history.md):
 * `GET .../:id/versions` (newest first) and `GET .../:id/versions/diff?from=&to=`. Everyone reads them.
 */
@ApiTags('configuration')
@Controller('api/v1')
export class ConfigVersionsController {
  constructor(private readonly versions: ConfigVersions) {}

  @Get('flows/:id/versions')
  @AnyRole()
  flow(@Param('id') id: string): Promise<ConfigVersionListDto> {
    return this.versions.list('flow', id);
  }

  @Get('flows/:id/versions/diff')
  @AnyRole()
  flowDiff(@Param('id') id: string, @Query(diffPipe()) q: ConfigDiffQuery): Promise<ConfigDiffDto> {
    return this.versions.diff('flow', id, q.from, q.to);
  }

  @Get('recons/:id/versions')
  @AnyRole()
  recon(@Param('id') id: string): Promise<ConfigVersionListDto> {
    return this.versions.list('recon', id);
  }

  @Get('recons/:id/versions/diff')
  @AnyRole()
  reconDiff(@Param('id') id: string, @Query(diffPipe()) q: ConfigDiffQuery): Promise<ConfigDiffDto> {
    return this.versions.diff('recon', id, q.from, q.to);
  }

  @Get('close-calendars/:entity/versions')
  @AnyRole()
  calendar(@Param('entity') entity: string): Promise<ConfigVersionListDto> {
    return this.versions.list('close_calendar', entity);
  }

  @Get('close-calendars/:entity/versions/diff')
  @AnyRole()
  calendarDiff(@Param('entity') entity: string, @Query(diffPipe()) q: ConfigDiffQuery): Promise<ConfigDiffDto> {
    return this.versions.diff('close_calendar', entity, q.from, q.to);
  }

  @Get('alert-routes/:name/versions')
  @AnyRole()
  route(@Param('name') name: string): Promise<ConfigVersionListDto> {
    return this.versions.list('alert_route', name);
  }

  @Get('alert-routes/:name/versions/diff')
  @AnyRole()
  routeDiff(@Param('name') name: string, @Query(diffPipe()) q: ConfigDiffQuery): Promise<ConfigDiffDto> {
    return this.versions.diff('alert_route', name, q.from, q.to);
  }
}
