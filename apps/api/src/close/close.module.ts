import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FlowsModule } from '../flows/flows.module';
import { CloseCalendarEntity } from './close-calendar.entity';
import { CloseCalendarsController } from './close-calendars.controller';
import { CloseCalendarsService } from './close-calendars.service';
import { FxRateEntity } from './fx-rate.entity';
import { FxRatesController } from './fx-rates.controller';
import { FxRatesService } from './fx-rates.service';

/**
 * Close calendars and FX rates: when each entity's close is due, and amounts in one currency.
 * Other features (readiness, severity, impact) use CloseCalendarsService.window and
 * FxRatesService.convertForPeriod.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CloseCalendarEntity, FxRateEntity]), FlowsModule],
  controllers: [CloseCalendarsController, FxRatesController],
  providers: [CloseCalendarsService, FxRatesService],
  exports: [CloseCalendarsService, FxRatesService],
})
export class CloseModule {}
