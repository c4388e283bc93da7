// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ILoans} from "./ILoans.sol";

/// @title IReceiptFinancing
/// @notice Inventory loans against warehouse receipts. The first request pledges the receipt to the
/// addressed bank; further requests (drawings) on the same receipt go to that bank only. The bank
/// lends while all drawings stay within its loan-to-value of the receipt's valuation
/// (floor(valuation x ltvBps / 10 000)) and its credit limit for the borrower; a frozen pledge (an
/// attestation short of the pledged quantity, or an anomaly) stops further drawing. When no drawing
/// remains open, the pledge is released. If a drawing is in default, the pledgee may enforce the
/// pledge: it becomes owner of the receipt and every open drawing on it ends `Enforced`.
interface IReceiptFinancing is ILoans {
    /// @notice Drawings outstanding against a receipt.
    struct PledgeBook {
        uint96 outstanding;
        uint16 openLoans;
        uint16 defaultedLoans;
    }

    /// @notice The pledge of receipt `receiptId` is frozen; no new drawing can be requested or funded.
    error ReceiptFinancingFrozen(uint256 receiptId);
    /// @notice Receipt `receiptId` has `MAX_OPEN_LOANS` open drawings already.
    error ReceiptFinancingTooManyLoans(uint256 receiptId);
    /// @notice No drawing on receipt `receiptId` is in default: the pledge cannot be enforced.
    error ReceiptFinancingNoDefault(uint256 receiptId);

    /// @notice `borrower` asked `bank` for `amount` against receipt `receiptId`.
    event ReceiptLoanRequested(
        uint256 indexed loanId,
        uint256 indexed receiptId,
        address indexed borrower,
        address bank,
        uint256 amount,
        uint256 maxRateBps,
        uint256 tenorDays,
        uint256 expiresAt
    );
    /// @notice `bank` enforced its pledge on receipt `receiptId`; the drawings `loanIds` ended
    /// `Enforced`, `principal` of them was outstanding.
    event ReceiptLoansEnforced(uint256 indexed receiptId, address indexed bank, uint256[] loanIds, uint256 principal);

    /// @notice The owner of receipt `receiptId` (a core enterprise or supplier) asks `bank` for `amount`
    /// against it.
    function request(
        uint256 receiptId,
        address bank,
        uint256 amount,
        uint256 maxRateBps,
        uint256 tenorDays,
        uint256 expiresAt
    ) external returns (uint256 loanId);

    /// @notice The pledgee bank funds the request at loan-to-value `ltvBps` and rate `rateBps`.
    function accept(uint256 loanId, uint256 ltvBps, uint256 rateBps, bytes32 registryRef) external;

    /// @notice The pledgee (an active bank) takes the receipt after a drawing on it went into default.
    function enforce(uint256 receiptId) external;

    /// @notice The drawings outstanding against receipt `receiptId`.
    function pledgeBook(uint256 receiptId) external view returns (PledgeBook memory);
}
