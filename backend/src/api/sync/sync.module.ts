import { Module } from "@nestjs/common";
import { SyncResolver } from "./sync.resolver";

@Module({ providers: [SyncResolver] })
export class SyncModule {}
