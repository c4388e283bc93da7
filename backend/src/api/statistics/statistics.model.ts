import { Field, Int, ObjectType } from "@nestjs/graphql";
import { FinancingProduct, MemberRole, OrderStatus, ReceivableStatus } from "../common/enums";
import { GraphQLBigInt } from "../common/scalars";

@ObjectType({
  description:
    "Members by status (active + suspended + none = total); blacklisted counts the blacklisted ones, whatever their status.",
})
export class MemberCounts {
  @Field(() => Int)
  total!: number;
  @Field(() => Int)
  active!: number;
  @Field(() => Int)
  suspended!: number;
  @Field(() => Int, { description: "Blacklisted before (or without) being admitted." })
  none!: number;
  @Field(() => Int)
  blacklisted!: number;
}

@ObjectType({ description: "The members having one role (a member with several roles counts under each)." })
export class RoleMemberCounts extends MemberCounts {
  @Field(() => MemberRole)
  role!: MemberRole;
}

@ObjectType({ description: "Every member, and the members of each role." })
export class MemberStatistics extends MemberCounts {
  @Field(() => [RoleMemberCounts], { description: "One entry per role, every role included (zero counts too)." })
  byRole!: RoleMemberCounts[];
}

@ObjectType()
export class OrderStatusCount {
  @Field(() => OrderStatus)
  status!: string;
  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class ReceivableStatusCount {
  @Field(() => ReceivableStatus)
  status!: string;
  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: "A sum of amounts in one currency." })
export class CurrencyTotal {
  @Field(() => String)
  currency!: string;
  @Field(() => GraphQLBigInt)
  total!: string;
}

@ObjectType({ description: "Receivables by status, and the unpaid ones (Outstanding or Overdue)." })
export class ReceivableStatistics {
  @Field(() => [ReceivableStatusCount], { description: "One entry per status, every status included." })
  byStatus!: ReceivableStatusCount[];
  @Field(() => Int, { description: "Receivables Outstanding or Overdue." })
  unpaid!: number;
  @Field(() => [CurrencyTotal], { description: "Face total of the unpaid receivables per currency, by currency." })
  unpaidFace!: CurrencyTotal[];
}

@ObjectType({ description: "Warehouse receipts (pledged and frozen overlap the statuses)." })
export class ReceiptStatistics {
  @Field(() => Int, { description: "In store: Active or ReleaseRequested." })
  active!: number;
  @Field(() => Int, { description: "With a pledgee." })
  pledged!: number;
  @Field(() => Int)
  frozen!: number;
  @Field(() => Int)
  released!: number;
}

@ObjectType()
export class ProductFinancingCounts {
  @Field(() => FinancingProduct)
  product!: FinancingProduct;
  @Field(() => Int, { description: "Every financing of the product, whatever its status." })
  total!: number;
  @Field(() => Int, { description: "Open ones (funded, not yet closed), as FinancingFilter.open." })
  open!: number;
}

@ObjectType({
  description:
    "Figures of the whole network, computed in the database (regulator and operator only). Each part is computed only when selected.",
})
export class NetworkStatistics {
  // Every field is resolved by StatisticsResolver.
}
