import { Module } from "@nestjs/common";
import { CreditLinesResolver, HeldPayoutsResolver, MembersResolver, TokenBalancesResolver } from "./members.resolver";
import { MembersRepository } from "./members.repository";
import { MembersService } from "./members.service";

@Module({
  providers: [
    MembersRepository,
    MembersService,
    MembersResolver,
    TokenBalancesResolver,
    HeldPayoutsResolver,
    CreditLinesResolver,
  ],
  exports: [MembersRepository],
})
export class MembersModule {}
