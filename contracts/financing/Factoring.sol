// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {ICreditLimits} from "../interfaces/ICreditLimits.sol";
import {IFactoring} from "../interfaces/IFactoring.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {FinancingBase} from "./FinancingBase.sol";
import {Pricing} from "../libraries/Pricing.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title Factoring
/// @notice See {IFactoring}.
contract Factoring is FinancingBase, IFactoring {
    using SafeERC20 for IERC20;

    mapping(uint256 dealId => Deal) private _deals;
    uint256 private _lastDealId;

    constructor(
        IMemberRegistry registry_,
        IReceivables receivables_,
        ICreditLimits creditLimits_
    ) FinancingBase(registry_, receivables_, creditLimits_) {}

    /// @inheritdoc IFactoring
    function offer(
        uint256 partId,
        address bank,
        uint256 minAdvanceBps,
        uint256 maxDiscountBps,
        bool recourseAccepted,
        uint256 expiresAt
    ) external nonReentrant returns (uint256 dealId) {
        // Traders sell their receivables; a bank may resell a part it holds; never the regulator.
        _requireFinanceable(msg.sender, Roles.TRADER | Roles.BANK);
        if (bank != address(0)) _requireRole(bank, Roles.BANK);
        _checkBps("minAdvanceBps", minAdvanceBps);
        if (maxDiscountBps > type(uint16).max) revert FinancingInvalidTerm("maxDiscountBps", maxDiscountBps);
        if (expiresAt <= block.timestamp || expiresAt > type(uint40).max) {
            revert FinancingInvalidTerm("expiresAt", expiresAt);
        }
        (IReceivables.Part memory p, IReceivables.Receivable memory r) = receivables.partWithReceivable(partId);
        if (r.status != IReceivables.ReceivableStatus.Outstanding) {
            revert IReceivables.ReceivableInvalidStatus(p.rootId, r.status);
        }
        if (Pricing.actualDays(block.timestamp, r.maturity) == 0) revert FinancingInvalidTerm("maturity", r.maturity);
        _requireNotBlacklisted(r.obligor);
        // Custody: checks that the caller holds the part and that it can move.
        receivables.custodyTransfer(partId, msg.sender, address(this));
        dealId = ++_lastDealId;
        Deal storage d = _deals[dealId];
        d.seller = msg.sender;
        d.partId = uint64(partId);
        d.minAdvanceBps = uint16(minAdvanceBps);
        d.maxDiscountBps = uint16(maxDiscountBps);
        d.bank = bank;
        d.expiresAt = uint40(expiresAt);
        d.status = DealStatus.Offered;
        d.recourseAccepted = recourseAccepted;
        d.obligor = r.obligor;
        d.face = p.amount;
        d.currency = r.currency;
        emit FactoringOffered(
            dealId,
            partId,
            msg.sender,
            bank,
            r.obligor,
            p.amount,
            minAdvanceBps,
            maxDiscountBps,
            recourseAccepted,
            expiresAt
        );
    }

    /// @inheritdoc IFactoring
    function withdraw(uint256 dealId) external nonReentrant {
        Deal storage d = _dealIn(dealId, DealStatus.Offered);
        _checkCaller(dealId, d.seller);
        d.status = DealStatus.Withdrawn;
        _returnToSeller(d);
        emit FactoringWithdrawn(dealId, msg.sender);
    }

    /// @inheritdoc IFactoring
    function decline(uint256 dealId, bytes32 reasonRef) external nonReentrant {
        Deal storage d = _dealIn(dealId, DealStatus.Offered);
        if (d.bank == address(0) || msg.sender != d.bank) revert FinancingUnauthorized(dealId, msg.sender, d.bank);
        d.status = DealStatus.Declined;
        _returnToSeller(d);
        emit FactoringDeclined(dealId, msg.sender, reasonRef);
    }

    /// @inheritdoc IFactoring
    function accept(
        uint256 dealId,
        uint256 advanceBps,
        uint256 discountBps,
        bool withRecourse,
        bytes32 registryRef
    ) external nonReentrant {
        Deal storage d = _dealIn(dealId, DealStatus.Offered);
        if (d.bank != address(0) && msg.sender != d.bank) revert FinancingUnauthorized(dealId, msg.sender, d.bank);
        _requireFinanceable(msg.sender, Roles.BANK);
        _checkNotExpired(dealId, d.expiresAt);
        address seller = d.seller;
        _requireFinanceable(seller, 0);
        _requireNotBlacklisted(d.obligor);
        _checkTerms(d, dealId, advanceBps, discountBps, withRecourse);
        IReceivables.Receivable memory r = _receivableOf(d.partId);
        if (r.status != IReceivables.ReceivableStatus.Outstanding) revert FinancingAssetNotReady(dealId);
        (uint256 advance, uint256 discount, uint256 price, uint256 days_) = _price(
            dealId,
            d.face,
            r.maturity,
            advanceBps,
            discountBps
        );
        creditLimits.consume(msg.sender, d.obligor, withRecourse ? seller : address(0), advance);
        d.bank = msg.sender;
        d.status = DealStatus.Funded;
        d.withRecourse = withRecourse;
        d.advanceBps = uint16(advanceBps);
        d.discountBps = uint16(discountBps);
        d.advance = uint96(advance);
        d.discount = uint96(discount);
        d.fundedAt = uint40(block.timestamp);
        d.registryRef = registryRef;
        _token(d.currency).safeTransferFrom(msg.sender, seller, price);
        _emitFunded(dealId, d, days_, price);
    }

    /// @inheritdoc IFactoring
    function collect(uint256 dealId) external nonReentrant {
        Deal storage d = _existingDeal(dealId);
        if (d.status != DealStatus.Funded && d.status != DealStatus.RecourseClaimed) {
            revert FinancingInvalidStatus(dealId, uint8(d.status));
        }
        uint256 advance = d.advance;
        d.status = DealStatus.Collected;
        uint256 proceeds = receivables.redeem(d.partId);
        creditLimits.release(d.bank, d.obligor, d.withRecourse ? d.seller : address(0), advance);
        // The part's amount is its face: parts in custody are never split, and advance <= face.
        uint256 toSeller = proceeds - advance;
        _payOut(d.currency, d.bank, advance);
        _payOut(d.currency, d.seller, toSeller);
        emit FactoringCollected(dealId, advance, toSeller);
    }

    /// @inheritdoc IFactoring
    function claimRecourse(uint256 dealId) external nonReentrant {
        Deal storage d = _dealIn(dealId, DealStatus.Funded);
        _checkCaller(dealId, d.bank);
        if (!d.withRecourse) revert FinancingTermOutOfBounds(dealId, "recourse", 0, 1);
        IReceivables.Receivable memory r = _receivableOf(d.partId);
        if (r.status != IReceivables.ReceivableStatus.Defaulted) revert FinancingAssetNotReady(dealId);
        d.status = DealStatus.RecourseClaimed;
        emit FactoringRecourseClaimed(dealId, d.seller, d.advance);
    }

    /// @inheritdoc IFactoring
    function settleRecourse(uint256 dealId) external nonReentrant {
        Deal storage d = _dealIn(dealId, DealStatus.RecourseClaimed);
        _checkCaller(dealId, d.seller);
        uint256 advance = d.advance;
        d.status = DealStatus.RecourseSettled;
        creditLimits.release(d.bank, d.obligor, d.seller, advance);
        _token(d.currency).safeTransferFrom(msg.sender, d.bank, advance);
        _returnToSeller(d);
        emit FactoringRecourseSettled(dealId, msg.sender, advance);
    }

    /// @inheritdoc IFactoring
    function deal(uint256 dealId) external view returns (Deal memory) {
        return _deals[dealId];
    }

    /// @inheritdoc IFactoring
    function quote(
        uint256 dealId,
        uint256 advanceBps,
        uint256 discountBps
    ) external view returns (uint256 advance, uint256 discount, uint256 price, uint256 daysToMaturity) {
        Deal storage d = _existingDeal(dealId);
        _checkBps("advanceBps", advanceBps);
        IReceivables.Receivable memory r = _receivableOf(d.partId);
        return _price(dealId, d.face, r.maturity, advanceBps, discountBps);
    }

    /// @dev Prices a purchase today; reverts when the discount would eat the whole advance.
    function _price(
        uint256 dealId,
        uint256 face,
        uint256 maturity,
        uint256 advanceBps,
        uint256 discountBps
    ) private view returns (uint256 advance, uint256 discount, uint256 price, uint256 days_) {
        if (discountBps > type(uint16).max) revert FinancingInvalidTerm("discountBps", discountBps);
        days_ = Pricing.actualDays(block.timestamp, maturity);
        if (days_ == 0) revert FinancingAssetNotReady(dealId);
        advance = Pricing.applyRateDown(face, advanceBps);
        discount = Pricing.interest(advance, discountBps, days_);
        if (discount >= advance) revert FinancingTermOutOfBounds(dealId, "discount", discount, advance);
        // Cannot underflow: discount < advance was checked just above.
        unchecked {
            price = advance - discount;
        }
    }

    /// @dev The bank's terms against the seller's bounds.
    function _checkTerms(
        Deal storage d,
        uint256 dealId,
        uint256 advanceBps,
        uint256 discountBps,
        bool withRecourse
    ) private view {
        _checkBps("advanceBps", advanceBps);
        if (advanceBps < d.minAdvanceBps) {
            revert FinancingTermOutOfBounds(dealId, "advanceBps", advanceBps, d.minAdvanceBps);
        }
        if (discountBps > d.maxDiscountBps) {
            revert FinancingTermOutOfBounds(dealId, "discountBps", discountBps, d.maxDiscountBps);
        }
        if (withRecourse && !d.recourseAccepted) revert FinancingTermOutOfBounds(dealId, "recourse", 1, 0);
    }

    /// @dev Emits {FactoringFunded} from storage (a separate frame keeps the stack shallow).
    function _emitFunded(uint256 dealId, Deal storage d, uint256 days_, uint256 price) private {
        emit FactoringFunded(
            dealId,
            d.bank,
            d.seller,
            d.advanceBps,
            d.discountBps,
            days_,
            d.advance,
            d.discount,
            price,
            d.withRecourse,
            d.registryRef
        );
    }

    /// @dev Gives the seller back what the deal held: the part itself, or, when the obligor paid the
    /// receivable meanwhile (a paid part can no longer move), the part's proceeds.
    function _returnToSeller(Deal storage d) private {
        uint256 partId = d.partId;
        IReceivables.Receivable memory r = _receivableOf(partId);
        _handBackPart(partId, r.status == IReceivables.ReceivableStatus.Paid, d.seller, d.currency);
    }

    function _existingDeal(uint256 dealId) private view returns (Deal storage d) {
        d = _deals[dealId];
        if (d.status == DealStatus.None) revert FinancingNotFound(dealId);
    }

    function _dealIn(uint256 dealId, DealStatus status) private view returns (Deal storage d) {
        d = _existingDeal(dealId);
        if (d.status != status) revert FinancingInvalidStatus(dealId, uint8(d.status));
    }
}
