import { Global, Module } from '@nestjs/common';
import { ConfigVersionsController } from './config-versions.controller';
import { ConfigVersions } from './config-versions.service';
import { PendingChangesController } from './pending-changes.controller';
import { PendingChanges } from './pending-changes.service';

/**
 * Governed configuration (docs/configuration-history.md): versions of flows, reconciliations,
 * close calendars and alert routes, and four-eyes changes. Global like the audit log: the
 * features that own the objects record their versions and register how approved changes apply.
 */
@Global()
@Module({
  controllers: [ConfigVersionsController, PendingChangesController],
  providers: [ConfigVersions, PendingChanges],
  exports: [ConfigVersions, PendingChanges],
})
export class GovernanceModule {}
