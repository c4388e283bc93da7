// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IFinancing} from "./IFinancing.sol";

/// @title ILoans
/// @notice The lifecycle shared by the loan products (order financing and warehouse-receipt loans):
/// the borrower requests with its bounds, the addressed bank funds within them (or declines), the
/// borrower repays principal plus ACT/360 interest (rounded up, at least one day) to the bank, and a
/// loan unpaid `DEFAULT_GRACE_PERIOD` after its due date may be declared in default by the bank.
/// A defaulted loan can still be repaid in full; it then ends `Repaid` like any other.
interface ILoans is IFinancing {
    /// @notice Lifecycle of a loan.
    enum LoanStatus {
        None,
        Requested,
        Active,
        Repaid,
        Defaulted,
        Enforced,
        Withdrawn,
        Declined
    }

    /// @notice A loan. `assetId` is the order or receipt it is secured by; `boundBps` the borrower's
    /// lowest acceptable advance rate (order financing); `capBps` the advance rate or LTV the bank
    /// applied; `exposure` what it consumed of the bank's credit lines.
    struct Loan {
        address borrower;
        uint64 assetId;
        uint16 boundBps;
        uint16 maxRateBps;
        address bank;
        uint40 expiresAt;
        LoanStatus status;
        uint16 tenorDays;
        uint16 rateBps;
        uint16 capBps;
        address obligor;
        uint96 principal;
        uint40 disbursedAt;
        uint40 dueAt;
        uint40 interestFrom;
        bytes3 currency;
        uint96 exposure;
        bytes32 registryRef;
    }

    /// @notice The borrower withdrew request `loanId`.
    event LoanWithdrawn(uint256 indexed loanId, address indexed borrower);
    /// @notice The bank declined request `loanId`.
    event LoanDeclined(uint256 indexed loanId, address indexed bank, bytes32 reasonRef);
    /// @notice `bank` paid `principal` to `borrower`, at `rateBps` a year, due at `dueAt`. `capBps` is
    /// the advance rate or LTV applied; `registryRef` the registration in the movable-property
    /// financing registry.
    event LoanFunded(
        uint256 indexed loanId,
        address indexed bank,
        address indexed borrower,
        uint256 principal,
        uint256 rateBps,
        uint256 capBps,
        uint256 dueAt,
        bytes32 registryRef
    );
    /// @notice `payer` repaid loan `loanId` in full: `principal` plus `interest`.
    event LoanRepaid(
        uint256 indexed loanId,
        address indexed payer,
        uint256 principal,
        uint256 interest,
        bool afterDefault
    );
    /// @notice `bank` declared loan `loanId` in default.
    event LoanDefaulted(uint256 indexed loanId, address indexed bank, uint256 amountDue);

    /// @notice The borrower withdraws a request the bank has not funded.
    function withdraw(uint256 loanId) external;

    /// @notice The addressed bank declines a request.
    function decline(uint256 loanId, bytes32 reasonRef) external;

    /// @notice The borrower repays an active or defaulted loan in full, from its settlement tokens
    /// (approved to this contract).
    function repay(uint256 loanId) external;

    /// @notice The bank declares an active loan in default, after the grace period.
    function declareDefault(uint256 loanId) external;

    /// @notice Loan `loanId`.
    function loan(uint256 loanId) external view returns (Loan memory);

    /// @notice What repaying loan `loanId` now would cost: principal and interest.
    function amountDue(uint256 loanId) external view returns (uint256 principal, uint256 interest);
}
