// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ILoans} from "../interfaces/ILoans.sol";
import {FinancingBase} from "./FinancingBase.sol";
import {Pricing} from "../libraries/Pricing.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title LoanBook
/// @notice The loan lifecycle of {ILoans}, shared by the loan products. A product adds its request
/// and acceptance and reacts to the end of a loan through the hooks.
abstract contract LoanBook is FinancingBase, ILoans {
    using SafeERC20 for IERC20;

    mapping(uint256 loanId => Loan) internal _loans;
    uint256 private _lastLoanId;

    /// @inheritdoc ILoans
    function withdraw(uint256 loanId) external nonReentrant {
        Loan storage ln = _loanIn(loanId, LoanStatus.Requested);
        _checkCaller(loanId, ln.borrower);
        ln.status = LoanStatus.Withdrawn;
        _afterUnfundedClose(loanId, ln);
        emit LoanWithdrawn(loanId, msg.sender);
    }

    /// @inheritdoc ILoans
    function decline(uint256 loanId, bytes32 reasonRef) external nonReentrant {
        Loan storage ln = _loanIn(loanId, LoanStatus.Requested);
        _checkCaller(loanId, ln.bank);
        ln.status = LoanStatus.Declined;
        _afterUnfundedClose(loanId, ln);
        emit LoanDeclined(loanId, msg.sender, reasonRef);
    }

    /// @inheritdoc ILoans
    function repay(uint256 loanId) external nonReentrant {
        Loan storage ln = _existingLoan(loanId);
        LoanStatus status = ln.status;
        if (status != LoanStatus.Active && status != LoanStatus.Defaulted) {
            revert FinancingInvalidStatus(loanId, uint8(status));
        }
        _checkCaller(loanId, ln.borrower);
        uint256 principal = ln.principal;
        uint256 interest_ = _interest(ln);
        ln.status = LoanStatus.Repaid;
        _releaseExposure(ln);
        _afterRepaid(loanId, ln, status == LoanStatus.Defaulted);
        _token(ln.currency).safeTransferFrom(msg.sender, ln.bank, principal + interest_);
        emit LoanRepaid(loanId, msg.sender, principal, interest_, status == LoanStatus.Defaulted);
    }

    /// @inheritdoc ILoans
    function declareDefault(uint256 loanId) external nonReentrant {
        Loan storage ln = _loanIn(loanId, LoanStatus.Active);
        _checkCaller(loanId, ln.bank);
        _checkGraceOver(loanId, ln.dueAt);
        ln.status = LoanStatus.Defaulted;
        _afterDefault(loanId, ln);
        emit LoanDefaulted(loanId, msg.sender, uint256(ln.principal) + _interest(ln));
    }

    /// @inheritdoc ILoans
    function loan(uint256 loanId) external view returns (Loan memory) {
        return _loans[loanId];
    }

    /// @inheritdoc ILoans
    function amountDue(uint256 loanId) external view returns (uint256 principal, uint256 interest) {
        Loan storage ln = _existingLoan(loanId);
        if (ln.status != LoanStatus.Active && ln.status != LoanStatus.Defaulted) return (0, 0);
        return (ln.principal, _interest(ln));
    }

    /// @dev Records a new request from the caller to `bank`, who must be an active bank.
    function _newRequest(
        address bank,
        uint256 assetId,
        address obligor,
        bytes3 currency,
        uint256 maxRateBps,
        uint256 tenorDays,
        uint256 expiresAt
    ) internal returns (uint256 loanId, Loan storage ln) {
        _requireRole(bank, Roles.BANK);
        _checkRequest(tenorDays, expiresAt);
        if (maxRateBps > type(uint16).max) revert FinancingInvalidTerm("maxRateBps", maxRateBps);
        _token(currency);
        loanId = ++_lastLoanId;
        ln = _loans[loanId];
        ln.borrower = msg.sender;
        ln.assetId = uint64(assetId);
        ln.maxRateBps = uint16(maxRateBps);
        ln.bank = bank;
        ln.expiresAt = uint40(expiresAt);
        ln.status = LoanStatus.Requested;
        ln.tenorDays = uint16(tenorDays);
        ln.obligor = obligor;
        ln.currency = currency;
    }

    /// @dev The checks every acceptance makes: the caller is the addressed, financeable bank; the
    /// request is live; the borrower may still borrow; the rate is within its bound.
    function _checkAcceptance(uint256 loanId, uint256 rateBps) internal view returns (Loan storage ln) {
        ln = _loanIn(loanId, LoanStatus.Requested);
        _checkCaller(loanId, ln.bank);
        _requireFinanceable(msg.sender, Roles.BANK);
        _checkNotExpired(loanId, ln.expiresAt);
        _requireFinanceable(ln.borrower, 0);
        if (ln.obligor != address(0)) _requireNotBlacklisted(ln.obligor);
        if (rateBps > ln.maxRateBps) revert FinancingTermOutOfBounds(loanId, "rateBps", rateBps, ln.maxRateBps);
    }

    /// @dev Funds an accepted request: consumes the bank's lines, pays the borrower.
    function _fund(
        uint256 loanId,
        Loan storage ln,
        uint256 principal,
        uint256 rateBps,
        uint256 capBps,
        bytes32 ref
    ) internal {
        if (principal == 0) revert FinancingInvalidTerm("principal", principal);
        creditLimits.consume(ln.bank, ln.obligor, ln.borrower, principal);
        uint256 dueAt = block.timestamp + uint256(ln.tenorDays) * 1 days;
        ln.status = LoanStatus.Active;
        ln.principal = uint96(principal);
        ln.exposure = uint96(principal);
        ln.rateBps = uint16(rateBps);
        ln.capBps = uint16(capBps);
        ln.disbursedAt = uint40(block.timestamp);
        ln.interestFrom = uint40(block.timestamp);
        ln.dueAt = uint40(dueAt);
        ln.registryRef = ref;
        _token(ln.currency).safeTransferFrom(ln.bank, ln.borrower, principal);
        emit LoanFunded(loanId, ln.bank, ln.borrower, principal, rateBps, capBps, dueAt, ref);
    }

    /// @dev Gives the bank's credit lines back.
    function _releaseExposure(Loan storage ln) internal {
        creditLimits.release(ln.bank, ln.obligor, ln.borrower, ln.exposure);
        ln.exposure = 0;
    }

    /// @dev Interest accrued on the loan today.
    function _interest(Loan storage ln) internal view returns (uint256) {
        return Pricing.loanInterest(ln.principal, ln.rateBps, ln.interestFrom, block.timestamp);
    }

    function _existingLoan(uint256 loanId) internal view returns (Loan storage ln) {
        ln = _loans[loanId];
        if (ln.status == LoanStatus.None) revert FinancingNotFound(loanId);
    }

    function _loanIn(uint256 loanId, LoanStatus status) internal view returns (Loan storage ln) {
        ln = _existingLoan(loanId);
        if (ln.status != status) revert FinancingInvalidStatus(loanId, uint8(ln.status));
    }

    /// @dev A request was withdrawn or declined: free the asset.
    function _afterUnfundedClose(uint256 loanId, Loan storage ln) internal virtual;

    /// @dev A loan was repaid in full: free the asset.
    function _afterRepaid(uint256 loanId, Loan storage ln, bool afterDefault) internal virtual;

    /// @dev A loan was declared in default.
    function _afterDefault(uint256 loanId, Loan storage ln) internal virtual;
}
