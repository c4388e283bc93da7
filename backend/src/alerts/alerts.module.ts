/** Alerts per member: derived from chain events, the calendar and the workflows; listed, marked read, subscribed to. */
import { Global, Module } from "@nestjs/common";
import { AlertsResolver } from "./alerts.resolver";
import { AlertsService } from "./alerts.service";

@Global()
@Module({ providers: [AlertsService, AlertsResolver], exports: [AlertsService] })
export class AlertsModule {}
