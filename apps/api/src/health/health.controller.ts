import { Controller, Get, Header, HttpCode, Logger, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { metricsRegistry } from './metrics';

@ApiExcludeController()
@Controller()
export class HealthController {
  private readonly logger = new Logger('health');

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('health/live')
  @Public()
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when the database answers and every migration in the code is applied. */
  @Get('health/ready')
  @Public()
  async ready(@Res() res: Response): Promise<void> {
    const checks: Record<string, string> = {};
    try {
      await this.ds.query('select 1');
      checks.database = 'ok';
      checks.migrations = (await this.ds.showMigrations()) ? 'pending' : 'ok';
    } catch (err) {
      // The driver's message can name hosts, users and databases: it goes to the log only.
      this.logger.error({ msg: 'readiness check failed', err: (err as Error).message });
      checks.database = 'unreachable';
    }
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks });
  }

  @Get('metrics')
  @Public()
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
