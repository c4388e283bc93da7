/** The Nest application: core providers and the GraphQL read API. */
import { Module, type DynamicModule } from "@nestjs/common";
import { ApiModule } from "./api/api.module";
import { CoreModule, type CoreDependencies } from "./common/core.module";

@Module({})
export class AppModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    return { module: AppModule, imports: [CoreModule.forRoot(deps), ApiModule.forRoot(deps)] };
  }
}
