/** The operator's membership steps and the settlement token's deposits and redemptions, prepared as wallet transactions. */
import { Module } from "@nestjs/common";
import { ConsortiumResolver } from "./consortium.resolver";
import { ConsortiumService } from "./consortium.service";

@Module({ providers: [ConsortiumService, ConsortiumResolver] })
export class ConsortiumModule {}
