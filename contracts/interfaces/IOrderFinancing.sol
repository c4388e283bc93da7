// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ILoans} from "./ILoans.sol";

/// @title IOrderFinancing
/// @notice Prepayment (order) financing against a confirmed purchase order. The request puts a lien
/// on the order, so it cannot be financed twice; the bank lends up to its advance rate of the order
/// amount (principal = floor(amount x advanceBps / 10 000)) for at most 180 days, within its credit
/// limits for the buyer (obligor) and the supplier (borrower). When the order converts into a
/// receivable, the receivable is held here and its payment repays the loan first (waterfall): the
/// bank receives principal plus interest, the supplier the rest. If the payment falls short, the
/// unpaid remainder (interest included) becomes the new principal, accruing from that day.
interface IOrderFinancing is ILoans {
    /// @notice `borrower` asked `bank` to finance order `orderId` (amount `orderAmount`).
    event OrderFinancingRequested(
        uint256 indexed loanId,
        uint256 indexed orderId,
        address indexed borrower,
        address bank,
        uint256 orderAmount,
        uint256 minAdvanceBps,
        uint256 maxRateBps,
        uint256 tenorDays,
        uint256 expiresAt
    );
    /// @notice The receivable of loan `loanId`'s order paid `proceeds`: `toBank` to the bank,
    /// `toBorrower` to the supplier; `remainingPrincipal` is still owed (zero: the loan is repaid).
    event OrderFinancingCollected(
        uint256 indexed loanId,
        uint256 proceeds,
        uint256 toBank,
        uint256 toBorrower,
        uint256 remainingPrincipal
    );

    /// @notice The supplier of confirmed order `orderId` asks `bank` to finance it.
    /// @param minAdvanceBps Lowest advance rate it accepts; `maxRateBps` highest annual rate;
    /// `tenorDays` 1 to 180; `expiresAt` when the request lapses.
    function request(
        uint256 orderId,
        address bank,
        uint256 minAdvanceBps,
        uint256 maxRateBps,
        uint256 tenorDays,
        uint256 expiresAt
    ) external returns (uint256 loanId);

    /// @notice The addressed bank funds the request at `advanceBps` of the order amount and `rateBps`.
    function accept(uint256 loanId, uint256 advanceBps, uint256 rateBps, bytes32 registryRef) external;

    /// @notice Once the order's receivable is paid, redeems it and runs the waterfall. Anyone may call.
    function collect(uint256 loanId) external;
}
