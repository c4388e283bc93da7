import { Inject } from "@nestjs/common";
import { Query, Resolver } from "@nestjs/graphql";
import { SyncState } from "../../indexer/sync-state";
import { SyncStatus } from "./sync-status.model";

@Resolver(() => SyncStatus)
export class SyncResolver {
  constructor(@Inject(SyncState) private readonly sync: SyncState) {}

  @Query(() => SyncStatus, { description: "Indexed block, chain head and lag." })
  syncStatus(): SyncStatus {
    return this.sync.current;
  }
}
