// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {ICreditLimits} from "../interfaces/ICreditLimits.sol";
import {IOrderFinancing} from "../interfaces/IOrderFinancing.sol";
import {IPurchaseOrders} from "../interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {FinancingBase} from "./FinancingBase.sol";
import {LoanBook} from "./LoanBook.sol";
import {Pricing} from "../libraries/Pricing.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title OrderFinancing
/// @notice See {IOrderFinancing}.
contract OrderFinancing is LoanBook, IOrderFinancing {
    /// @notice The purchase orders this contract finances.
    IPurchaseOrders public immutable orders;

    constructor(
        IMemberRegistry registry_,
        IReceivables receivables_,
        ICreditLimits creditLimits_,
        IPurchaseOrders orders_
    ) FinancingBase(registry_, receivables_, creditLimits_) {
        orders = orders_;
    }

    /// @inheritdoc IOrderFinancing
    function request(
        uint256 orderId,
        address bank,
        uint256 minAdvanceBps,
        uint256 maxRateBps,
        uint256 tenorDays,
        uint256 expiresAt
    ) external nonReentrant returns (uint256 loanId) {
        _requireFinanceable(msg.sender, Roles.SUPPLIER);
        IPurchaseOrders.Order memory o = orders.order(orderId);
        if (o.supplier != msg.sender) revert IPurchaseOrders.OrderUnauthorized(orderId, msg.sender, o.supplier);
        _checkBps("minAdvanceBps", minAdvanceBps);
        _requireNotBlacklisted(o.buyer);
        Loan storage ln;
        (loanId, ln) = _newRequest(bank, orderId, o.buyer, o.currency, maxRateBps, tenorDays, expiresAt);
        ln.boundBps = uint16(minAdvanceBps);
        // The lien checks that the order is confirmed and not financed already.
        orders.setLien(orderId);
        emit OrderFinancingRequested(
            loanId,
            orderId,
            msg.sender,
            bank,
            o.amount,
            minAdvanceBps,
            maxRateBps,
            tenorDays,
            expiresAt
        );
    }

    /// @inheritdoc IOrderFinancing
    function accept(uint256 loanId, uint256 advanceBps, uint256 rateBps, bytes32 registryRef) external nonReentrant {
        Loan storage ln = _checkAcceptance(loanId, rateBps);
        _checkBps("advanceBps", advanceBps);
        if (advanceBps < ln.boundBps) revert FinancingTermOutOfBounds(loanId, "advanceBps", advanceBps, ln.boundBps);
        IPurchaseOrders.Order memory o = orders.order(ln.assetId);
        if (o.status != IPurchaseOrders.OrderStatus.Confirmed) revert FinancingAssetNotReady(loanId);
        _fund(loanId, ln, Pricing.applyRateDown(o.amount, advanceBps), rateBps, advanceBps, registryRef);
    }

    /// @inheritdoc IOrderFinancing
    function collect(uint256 loanId) external nonReentrant {
        Loan storage ln = _existingLoan(loanId);
        if (ln.status != LoanStatus.Active && ln.status != LoanStatus.Defaulted) {
            revert FinancingInvalidStatus(loanId, uint8(ln.status));
        }
        uint256 receivableId = orders.order(ln.assetId).receivableId;
        if (receivableId == 0) revert FinancingAssetNotReady(loanId);
        (IReceivables.Part memory p, IReceivables.Receivable memory r) = receivables.partWithReceivable(receivableId);
        if (r.status != IReceivables.ReceivableStatus.Paid || p.holder != address(this)) {
            revert FinancingAssetNotReady(loanId);
        }
        uint256 due = ln.principal + _interest(ln);
        uint256 proceeds = receivables.redeem(receivableId);
        uint256 toBank = proceeds < due ? proceeds : due;
        uint256 remaining = due - toBank;
        if (remaining == 0) {
            ln.status = LoanStatus.Repaid;
            _releaseExposure(ln);
            orders.releaseLien(ln.assetId);
        } else {
            // Shortfall: what is still due, interest included, becomes the principal from today.
            ln.principal = uint96(remaining);
            ln.interestFrom = uint40(block.timestamp);
        }
        _payOut(ln.currency, ln.bank, toBank);
        _payOut(ln.currency, ln.borrower, proceeds - toBank);
        emit OrderFinancingCollected(loanId, proceeds, toBank, proceeds - toBank, remaining);
    }

    /// @dev Releases the lien; a receivable already held for the loan goes (or is paid) to the borrower.
    function _freeOrder(Loan storage ln) private {
        uint256 orderId = ln.assetId;
        IPurchaseOrders.Order memory o = orders.order(orderId);
        if (o.lienHolder == address(this)) orders.releaseLien(orderId);
        if (o.receivableId == 0) return;
        (IReceivables.Part memory p, IReceivables.Receivable memory r) = receivables.partWithReceivable(o.receivableId);
        if (p.holder != address(this) || p.status != IReceivables.PartStatus.Active) return;
        _handBackPart(o.receivableId, r.status == IReceivables.ReceivableStatus.Paid, ln.borrower, ln.currency);
    }

    function _afterUnfundedClose(uint256, Loan storage ln) internal override {
        _freeOrder(ln);
    }

    function _afterRepaid(uint256, Loan storage ln, bool) internal override {
        _freeOrder(ln);
    }

    function _afterDefault(uint256, Loan storage) internal pure override {}
}
