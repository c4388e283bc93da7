/** Trade steps of suppliers and core enterprises, prepared as wallet transactions. */
import { Module } from "@nestjs/common";
import { TradeResolver } from "./trade.resolver";
import { TradeService } from "./trade.service";

@Module({ providers: [TradeService, TradeResolver] })
export class TradeModule {}
