// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {ICreditLimits} from "../interfaces/ICreditLimits.sol";
import {IFinancing} from "../interfaces/IFinancing.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {MemberGated} from "../membership/MemberGated.sol";
import {Pricing} from "../libraries/Pricing.sol";

/// @title FinancingBase
/// @notice What every financing product shares: the receivables contract (which also knows the
/// settlement token of each currency), the credit limits, and the term checks. Product contracts
/// must be admitted with the SYSTEM role.
abstract contract FinancingBase is MemberGated, ReentrancyGuard, IFinancing {
    using SafeERC20 for IERC20;

    /// @notice How long after its due date an unpaid loan may be declared in default.
    uint256 public constant DEFAULT_GRACE_PERIOD = 30 days;
    /// @notice Longest tenor of a loan (order financing, receipt loans).
    uint256 public constant MAX_TENOR_DAYS = 180;

    /// @notice The receivables contract; also the registry of settlement tokens per currency.
    IReceivables public immutable receivables;
    /// @notice The banks' credit limits.
    ICreditLimits public immutable creditLimits;

    mapping(address account => mapping(bytes3 currency => uint256)) private _held;

    constructor(
        IMemberRegistry registry_,
        IReceivables receivables_,
        ICreditLimits creditLimits_
    ) MemberGated(registry_) {
        receivables = receivables_;
        creditLimits = creditLimits_;
    }

    /// @inheritdoc IFinancing
    function claimHeld(bytes3 currency) external nonReentrant returns (uint256 amount) {
        _requireActive(msg.sender);
        amount = _held[msg.sender][currency];
        if (amount == 0) revert FinancingNothingHeld(msg.sender, currency);
        delete _held[msg.sender][currency];
        _token(currency).safeTransfer(msg.sender, amount);
        emit PayoutClaimed(msg.sender, currency, amount);
    }

    /// @inheritdoc IFinancing
    function heldFor(address account, bytes3 currency) external view returns (uint256) {
        return _held[account][currency];
    }

    /// @dev The receivable that part `partId` belongs to, in one call to the receivables contract.
    function _receivableOf(uint256 partId) internal view returns (IReceivables.Receivable memory r) {
        (, r) = receivables.partWithReceivable(partId);
    }

    /// @dev Hands part `partId`, held in this contract's custody, to `to`: the part itself, or, once its
    /// receivable is `paid` (a paid part can no longer move), the part's proceeds.
    function _handBackPart(uint256 partId, bool paid, address to, bytes3 currency) internal {
        if (paid) {
            _payOut(currency, to, receivables.redeem(partId));
        } else {
            receivables.custodyTransfer(partId, address(this), to);
        }
    }

    /// @dev Pays `amount` to `to`, or, when `to` cannot receive the settlement token now (not an active
    /// member), holds it for `to`: one party's suspension never blocks what is owed to the others.
    function _payOut(bytes3 currency, address to, uint256 amount) internal {
        if (amount == 0) return;
        if (_isActive(to)) {
            _token(currency).safeTransfer(to, amount);
        } else {
            _held[to][currency] += amount;
            emit PayoutHeld(to, currency, amount);
        }
    }

    /// @dev The settlement token of `currency`.
    function _token(bytes3 currency) internal view returns (IERC20) {
        address token = receivables.settlementToken(currency);
        if (token == address(0)) revert FinancingCurrencyNotSupported(currency);
        return IERC20(token);
    }

    /// @dev A rate in basis points between 1 and 100 %.
    function _checkBps(string memory term, uint256 bps) internal pure {
        if (bps == 0 || bps > Pricing.BPS) revert FinancingInvalidTerm(term, bps);
    }

    /// @dev Tenor within 1..MAX_TENOR_DAYS and an expiry in the future.
    function _checkRequest(uint256 tenorDays, uint256 expiresAt) internal view {
        if (tenorDays == 0 || tenorDays > MAX_TENOR_DAYS) revert FinancingInvalidTerm("tenorDays", tenorDays);
        if (expiresAt <= block.timestamp || expiresAt > type(uint40).max) {
            revert FinancingInvalidTerm("expiresAt", expiresAt);
        }
    }

    /// @dev Reverts when `expiresAt` has passed.
    function _checkNotExpired(uint256 id, uint256 expiresAt) internal view {
        if (block.timestamp > expiresAt) revert FinancingExpired(id, expiresAt);
    }

    /// @dev Reverts unless `caller` is `expected`.
    function _checkCaller(uint256 id, address expected) internal view {
        if (msg.sender != expected) revert FinancingUnauthorized(id, msg.sender, expected);
    }

    /// @dev Reverts until the grace period after `dueAt` is over.
    function _checkGraceOver(uint256 id, uint256 dueAt) internal view {
        uint256 graceEndsAt = dueAt + DEFAULT_GRACE_PERIOD;
        if (block.timestamp <= graceEndsAt) revert FinancingGracePeriodNotOver(id, graceEndsAt);
    }
}
