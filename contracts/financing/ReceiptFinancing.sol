// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {ICreditLimits} from "../interfaces/ICreditLimits.sol";
import {IReceiptFinancing} from "../interfaces/IReceiptFinancing.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {IWarehouseReceipts} from "../interfaces/IWarehouseReceipts.sol";
import {FinancingBase} from "./FinancingBase.sol";
import {LoanBook} from "./LoanBook.sol";
import {Pricing} from "../libraries/Pricing.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title ReceiptFinancing
/// @notice See {IReceiptFinancing}.
contract ReceiptFinancing is LoanBook, IReceiptFinancing {
    /// @notice Most drawings that can be open on one receipt (bounds the loop of {enforce}).
    uint256 public constant MAX_OPEN_LOANS = 16;

    /// @notice The warehouse receipts this contract lends against.
    IWarehouseReceipts public immutable receipts;

    mapping(uint256 receiptId => PledgeBook) private _books;
    mapping(uint256 receiptId => uint256[]) private _loanIdsOf;

    constructor(
        IMemberRegistry registry_,
        IReceivables receivables_,
        ICreditLimits creditLimits_,
        IWarehouseReceipts receipts_
    ) FinancingBase(registry_, receivables_, creditLimits_) {
        receipts = receipts_;
    }

    /// @inheritdoc IReceiptFinancing
    function request(
        uint256 receiptId,
        address bank,
        uint256 amount,
        uint256 maxRateBps,
        uint256 tenorDays,
        uint256 expiresAt
    ) external nonReentrant returns (uint256 loanId) {
        _requireFinanceable(msg.sender, Roles.TRADER);
        if (amount == 0 || amount > type(uint96).max) revert FinancingInvalidTerm("amount", amount);
        IWarehouseReceipts.Receipt memory rc = receipts.receipt(receiptId);
        if (rc.owner != msg.sender) revert IWarehouseReceipts.ReceiptUnauthorized(receiptId, msg.sender, rc.owner);
        if (rc.pledgee != address(0) && rc.pledgee != bank)
            revert IWarehouseReceipts.ReceiptPledged(receiptId, rc.pledgee);
        if (rc.frozen) revert ReceiptFinancingFrozen(receiptId);
        PledgeBook storage book = _books[receiptId];
        if (book.openLoans >= MAX_OPEN_LOANS) revert ReceiptFinancingTooManyLoans(receiptId);
        Loan storage ln;
        (loanId, ln) = _newRequest(bank, receiptId, address(0), rc.currency, maxRateBps, tenorDays, expiresAt);
        ln.principal = uint96(amount);
        book.openLoans += 1;
        _loanIdsOf[receiptId].push(loanId);
        // The pledge checks that the receipt is active and that `bank` is an active bank.
        if (rc.pledgee == address(0)) receipts.pledge(receiptId, msg.sender, bank);
        emit ReceiptLoanRequested(loanId, receiptId, msg.sender, bank, amount, maxRateBps, tenorDays, expiresAt);
    }

    /// @inheritdoc IReceiptFinancing
    function accept(uint256 loanId, uint256 ltvBps, uint256 rateBps, bytes32 registryRef) external nonReentrant {
        Loan storage ln = _checkAcceptance(loanId, rateBps);
        _checkBps("ltvBps", ltvBps);
        uint256 receiptId = ln.assetId;
        IWarehouseReceipts.Receipt memory rc = receipts.receipt(receiptId);
        if (rc.frozen) revert ReceiptFinancingFrozen(receiptId);
        PledgeBook storage book = _books[receiptId];
        uint256 total = uint256(book.outstanding) + ln.principal;
        uint256 cap = Pricing.applyRateDown(rc.valuation, ltvBps);
        if (total > cap) revert FinancingExceedsCap(loanId, total, cap);
        book.outstanding = uint96(total);
        _fund(loanId, ln, ln.principal, rateBps, ltvBps, registryRef);
    }

    /// @inheritdoc IReceiptFinancing
    function enforce(uint256 receiptId) external nonReentrant {
        IWarehouseReceipts.Receipt memory rc = receipts.receipt(receiptId);
        if (rc.pledgee != msg.sender) revert IWarehouseReceipts.ReceiptUnauthorized(receiptId, msg.sender, rc.pledgee);
        // The bank takes the goods: it must be an active bank now, not only when it lent.
        _requireRole(msg.sender, Roles.BANK);
        if (_books[receiptId].defaultedLoans == 0) revert ReceiptFinancingNoDefault(receiptId);
        uint256[] memory ids = _loanIdsOf[receiptId];
        uint256 principal;
        for (uint256 i; i < ids.length; ++i) {
            Loan storage ln = _loans[ids[i]];
            if (ln.status == LoanStatus.Active || ln.status == LoanStatus.Defaulted) {
                principal += ln.principal;
                _releaseExposure(ln);
            }
            ln.status = LoanStatus.Enforced;
        }
        delete _books[receiptId];
        delete _loanIdsOf[receiptId];
        receipts.enforcePledge(receiptId);
        emit ReceiptLoansEnforced(receiptId, msg.sender, ids, principal);
    }

    /// @inheritdoc IReceiptFinancing
    function pledgeBook(uint256 receiptId) external view returns (PledgeBook memory) {
        return _books[receiptId];
    }

    function _afterUnfundedClose(uint256 loanId, Loan storage ln) internal override {
        _closeDrawing(loanId, ln.assetId, 0, false);
    }

    function _afterRepaid(uint256 loanId, Loan storage ln, bool afterDefault) internal override {
        _closeDrawing(loanId, ln.assetId, ln.principal, afterDefault);
    }

    function _afterDefault(uint256, Loan storage ln) internal override {
        _books[ln.assetId].defaultedLoans += 1;
    }

    /// @dev Takes a closed drawing off its receipt's book; releases the pledge when none is left open.
    function _closeDrawing(uint256 loanId, uint256 receiptId, uint256 principal, bool wasDefaulted) private {
        PledgeBook storage book = _books[receiptId];
        book.outstanding -= uint96(principal);
        book.openLoans -= 1;
        if (wasDefaulted) book.defaultedLoans -= 1;
        if (book.openLoans == 0) {
            delete _books[receiptId];
            delete _loanIdsOf[receiptId];
            receipts.releasePledge(receiptId);
        } else {
            _removeLoanId(receiptId, loanId);
        }
    }

    function _removeLoanId(uint256 receiptId, uint256 loanId) private {
        uint256[] storage ids = _loanIdsOf[receiptId];
        uint256 last = ids.length - 1;
        for (uint256 i; i <= last; ++i) {
            if (ids[i] == loanId) {
                ids[i] = ids[last];
                ids.pop();
                return;
            }
        }
    }
}
