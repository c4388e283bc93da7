import { Field, InputType } from "@nestjs/graphql";
import { OrderDirection } from "./pagination";

export interface OrderBy<F extends string> {
  field: F;
  direction: OrderDirection;
}

/** The `orderBy` input of a list: a sort field of `sortEnum` (a registered enum) and a direction. */
export function orderInput<F extends string>(sortEnum: Record<string, F>, name: string, defaultField: F) {
  @InputType(`${name}Order`, { description: `Order of ${name} lists; ties are broken by the primary key.` })
  class OrderType implements OrderBy<F> {
    @Field(() => sortEnum, { defaultValue: defaultField })
    field!: F;
    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
    direction!: OrderDirection;
  }
  return OrderType;
}

/** `orderBy` with its defaults applied. */
export function orderOrDefault<F extends string>(
  order: OrderBy<F> | null | undefined,
  field: F,
  direction = OrderDirection.ASC,
) {
  return { field: order?.field ?? field, direction: order?.direction ?? direction };
}
