import { Module } from "@nestjs/common";
import { StatisticsRepository } from "./statistics.repository";
import { StatisticsResolver } from "./statistics.resolver";
import { StatisticsService } from "./statistics.service";

@Module({ providers: [StatisticsRepository, StatisticsService, StatisticsResolver] })
export class StatisticsModule {}
