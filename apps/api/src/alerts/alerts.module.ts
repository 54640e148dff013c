import { Global, Module } from '@nestjs/common';
import { INCIDENT_CHANGE_LISTENER } from '../incidents/incident-changes.port';
import { ReconModule } from '../recon/recon.module';
import { AlertOutboxService } from './alert-outbox.service';
import { AlertsScheduler } from './alerts.scheduler';
import { DeliveryService } from './delivery/delivery.service';
import { NotificationsController } from './delivery/notifications.controller';
import { ReceiversController } from './receivers/receivers.controller';
import { ReceiversService } from './receivers/receivers.service';
import { RoutesController } from './routes/routes.controller';
import { RoutesService } from './routes/routes.service';
import { SilencesController } from './silences/silences.controller';
import { SilencesService } from './silences/silences.service';

/**
 * Alerts to on-call (docs/alerts.md): receivers, routes, silences, the outbox written with every
 * incident change, and the delivery worker. Global because it provides the incidents'
 * IncidentChangeListener port, which IncidentGroupingModule (itself global) resolves; it seals
 * receiver secrets with reconciliation's SecretKeyService (one key for every secret at rest).
 */
@Global()
@Module({
  imports: [ReconModule],
  controllers: [ReceiversController, RoutesController, SilencesController, NotificationsController],
  providers: [
    AlertOutboxService,
    { provide: INCIDENT_CHANGE_LISTENER, useExisting: AlertOutboxService },
    ReceiversService,
    RoutesService,
    SilencesService,
    DeliveryService,
    AlertsScheduler,
  ],
  exports: [INCIDENT_CHANGE_LISTENER, AlertOutboxService, DeliveryService, ReceiversService],
})
export class AlertsModule {}
