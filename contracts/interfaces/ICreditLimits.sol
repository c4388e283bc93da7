// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ICreditLimits
/// @notice Each bank's credit limits per obligor and per borrower, and how much of each is in use.
/// Every financing product consumes them before paying out and releases them when repaid, so no
/// financing can take a bank past a limit it set (DESIGN invariant 4).
interface ICreditLimits {
    /// @notice Which side of a deal a limit covers.
    enum LimitKind {
        Obligor,
        Borrower
    }

    /// @notice A limit and its use, in minor units.
    struct CreditLine {
        uint128 limit;
        uint128 used;
    }

    /// @notice Using `requested` more would exceed `bank`'s limit for `counterparty`; `available` remains.
    error CreditLimitExceeded(address bank, address counterparty, LimitKind kind, uint256 requested, uint256 available);
    /// @notice A limit must fit 128 bits.
    error CreditLimitInvalid(uint256 limit);
    /// @notice A bank cannot set a limit on itself.
    error CreditLimitSelf(address bank);

    /// @notice `bank` set its `kind` limit for `counterparty` to `limit`.
    event CreditLimitSet(address indexed bank, address indexed counterparty, LimitKind kind, uint256 limit);
    /// @notice The use of `bank`'s `kind` line for `counterparty` went up (`consumed` true) or down by
    /// `amount`, to `used`.
    event CreditLineUsed(
        address indexed bank,
        address indexed counterparty,
        LimitKind kind,
        bool consumed,
        uint256 amount,
        uint256 used
    );

    /// @notice The calling bank sets its limit of kind `kind` for `counterparty`. Lowering a limit
    /// below its use is allowed: nothing more can be financed until use falls below it.
    function setLimit(address counterparty, LimitKind kind, uint256 limit) external;

    /// @notice Consumes `amount` of `bank`'s obligor line for `obligor` and borrower line for `borrower`
    /// (a zero address skips that side). Protocol contracts (SYSTEM) only.
    function consume(address bank, address obligor, address borrower, uint256 amount) external;

    /// @notice Gives back what {consume} took. Protocol contracts (SYSTEM) only.
    function release(address bank, address obligor, address borrower, uint256 amount) external;

    /// @notice `bank`'s line of kind `kind` for `counterparty`.
    function creditLine(address bank, address counterparty, LimitKind kind) external view returns (CreditLine memory);

    /// @notice What `bank` can still finance for `counterparty` on its `kind` line.
    function available(address bank, address counterparty, LimitKind kind) external view returns (uint256);
}
