// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title Roles
/// @notice Business roles of consortium members, as bits of one `uint16` mask. A member may hold
/// several (a tier-1 supplier can also be the buyer of a tier-2 supplier).
library Roles {
    /// @notice Admits, suspends and reinstates members; keeps the blacklist; wires the protocol.
    uint16 internal constant OPERATOR = 1 << 0;
    /// @notice Confirms purchase orders, issues receivables (payables), pays at maturity.
    uint16 internal constant CORE_ENTERPRISE = 1 << 1;
    /// @notice Submits orders, holds, splits and transfers receivables, applies for financing.
    uint16 internal constant SUPPLIER = 1 << 2;
    /// @notice Mints settlement tokens, sets credit limits, prices and funds financing.
    uint16 internal constant BANK = 1 << 3;
    /// @notice Issues warehouse receipts, posts inventory attestations, releases goods.
    uint16 internal constant WAREHOUSE = 1 << 4;
    /// @notice Reads everything, writes nothing (no function of the protocol accepts this role).
    uint16 internal constant REGULATOR = 1 << 5;
    /// @notice A protocol contract (financing, orders) that other protocol contracts trust to
    /// move assets in custody. Only contracts can be given this role.
    uint16 internal constant SYSTEM = 1 << 6;

    /// @notice A party of trade (core enterprise or supplier): borrows against its orders and goods.
    uint16 internal constant TRADER = CORE_ENTERPRISE | SUPPLIER;

    /// @notice Every role bit that exists; any other bit is invalid.
    uint16 internal constant ALL = OPERATOR | CORE_ENTERPRISE | SUPPLIER | BANK | WAREHOUSE | REGULATOR | SYSTEM;
}
