// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {ISettlementToken} from "../interfaces/ISettlementToken.sol";
import {MemberGated} from "../membership/MemberGated.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title Receivables
/// @notice Confirmed payables as trees of parts (see {IReceivables}). Parts are not ERC-721 tokens:
/// the contract keeps no per-holder balance counters, which makes a split or a transfer cheaper than
/// the token standards; the indexer rebuilds holdings from the events.
contract Receivables is MemberGated, IReceivables {
    using SafeERC20 for IERC20;

    /// @notice Longest payment term the regulator allows for supply-chain payables.
    uint256 public constant MAX_TERM = 365 days;
    /// @notice Terms longer than this are flagged `longTerm` for the regulator.
    uint256 public constant LONG_TERM_THRESHOLD = 180 days;
    /// @notice How long after maturity an unpaid receivable may be declared in default.
    uint256 public constant DEFAULT_GRACE_PERIOD = 30 days;

    mapping(uint256 receivableId => Receivable) private _receivables;
    mapping(uint256 partId => Part) private _parts;
    mapping(bytes32 invoiceHash => bool) private _invoiceUsed;
    mapping(bytes3 currency => address) private _settlementTokens;
    uint64 private _lastId;

    constructor(IMemberRegistry registry_) MemberGated(registry_) {}

    /// @inheritdoc IReceivables
    function setSettlementToken(bytes3 currency, address token) external {
        _requireOperatorCaller();
        // Set once: escrowed payments of a currency can never be redirected to another token.
        address current = _settlementTokens[currency];
        if (current != address(0)) revert ReceivableSettlementTokenAlreadySet(currency, current);
        bytes3 tokenCurrency = ISettlementToken(token).currency();
        if (tokenCurrency != currency) revert ReceivableCurrencyMismatch(currency, tokenCurrency);
        _settlementTokens[currency] = token;
        emit SettlementTokenSet(currency, token);
    }

    /// @inheritdoc IReceivables
    function issue(
        address creditor,
        uint256 face,
        bytes3 currency,
        uint256 maturity,
        bytes32 invoiceHash,
        string calldata invoiceUri
    ) external returns (uint256 receivableId) {
        _requireRole(msg.sender, Roles.CORE_ENTERPRISE);
        return _issue(0, msg.sender, creditor, face, currency, maturity, invoiceHash, invoiceUri);
    }

    /// @inheritdoc IReceivables
    function issueFromOrder(
        uint256 orderId,
        address obligor,
        address creditor,
        uint256 face,
        bytes3 currency,
        uint256 maturity,
        bytes32 invoiceHash,
        string calldata invoiceUri
    ) external returns (uint256 receivableId) {
        _requireSystemCaller();
        return _issue(orderId, obligor, creditor, face, currency, maturity, invoiceHash, invoiceUri);
    }

    /// @inheritdoc IReceivables
    function split(uint256 partId, address to, uint256 amount) external returns (uint256 newPartId) {
        Part storage p = _movablePart(partId, msg.sender);
        _checkRecipient(partId, msg.sender, to);
        newPartId = _splitOff(p, partId, to, amount);
    }

    /// @inheritdoc IReceivables
    function splitMany(
        uint256 partId,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) external returns (uint256[] memory partIds) {
        uint256 n = recipients.length;
        if (n == 0 || n != amounts.length) revert ReceivableSplitLengthMismatch(n, amounts.length);
        Part storage p = _movablePart(partId, msg.sender);
        partIds = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            address to = recipients[i];
            _checkRecipient(partId, msg.sender, to);
            partIds[i] = _splitOff(p, partId, to, amounts[i]);
        }
    }

    /// @inheritdoc IReceivables
    function transfer(uint256 partId, address to) external {
        Part storage p = _movablePart(partId, msg.sender);
        _checkRecipient(partId, msg.sender, to);
        p.holder = to;
        emit PartTransferred(partId, msg.sender, to);
    }

    /// @inheritdoc IReceivables
    function custodyTransfer(uint256 partId, address from, address to) external {
        _requireSystemCaller();
        Part storage p = _movablePart(partId, from);
        _checkRecipient(partId, from, to);
        p.holder = to;
        emit PartTransferred(partId, from, to);
    }

    /// @inheritdoc IReceivables
    function pay(uint256 receivableId) external {
        Receivable storage r = _existingReceivable(receivableId);
        ReceivableStatus status = r.status;
        if (status == ReceivableStatus.Paid) revert ReceivableInvalidStatus(receivableId, status);
        if (msg.sender != r.obligor) revert ReceivableNotObligor(receivableId, msg.sender, r.obligor);
        r.status = ReceivableStatus.Paid;
        r.paidAt = uint40(block.timestamp);
        uint256 face = r.face;
        IERC20(_settlementTokens[r.currency]).safeTransferFrom(msg.sender, address(this), face);
        emit ReceivablePaid(
            receivableId,
            msg.sender,
            face,
            block.timestamp > r.maturity,
            status == ReceivableStatus.Defaulted
        );
    }

    /// @inheritdoc IReceivables
    function redeem(uint256 partId) external returns (uint256 amount) {
        Part storage p = _parts[partId];
        if (p.status == PartStatus.None) revert ReceivablePartNotFound(partId);
        uint256 rootId = p.rootId;
        Receivable storage r = _receivables[rootId];
        if (p.status != PartStatus.Active || r.status != ReceivableStatus.Paid) {
            revert ReceivablePartNotRedeemable(partId);
        }
        address holder = p.holder;
        // A part in a protocol contract's custody is redeemed only by that contract: it owes the
        // proceeds on (to a bank, a seller, a borrower) and must account for them itself.
        if (msg.sender != holder && _holdsRole(holder, Roles.SYSTEM)) revert ReceivablePartInCustody(partId, holder);
        p.status = PartStatus.Redeemed;
        amount = p.amount;
        IERC20(_settlementTokens[r.currency]).safeTransfer(holder, amount);
        emit PartRedeemed(partId, rootId, holder, amount);
    }

    /// @inheritdoc IReceivables
    function markOverdue(uint256 receivableId) external {
        Receivable storage r = _existingReceivable(receivableId);
        if (r.status != ReceivableStatus.Outstanding) revert ReceivableInvalidStatus(receivableId, r.status);
        if (block.timestamp <= r.maturity) revert ReceivableNotMatured(receivableId, r.maturity);
        r.status = ReceivableStatus.Overdue;
        emit ReceivableOverdue(receivableId, r.maturity);
    }

    /// @inheritdoc IReceivables
    function declareDefault(uint256 receivableId) external {
        _requireRole(msg.sender, Roles.BANK | Roles.OPERATOR);
        Receivable storage r = _existingReceivable(receivableId);
        ReceivableStatus status = r.status;
        if (status != ReceivableStatus.Outstanding && status != ReceivableStatus.Overdue) {
            revert ReceivableInvalidStatus(receivableId, status);
        }
        uint256 graceEndsAt = uint256(r.maturity) + DEFAULT_GRACE_PERIOD;
        if (block.timestamp <= graceEndsAt) revert ReceivableGracePeriodNotOver(receivableId, graceEndsAt);
        r.status = ReceivableStatus.Defaulted;
        emit ReceivableDefaulted(receivableId, msg.sender);
    }

    /// @inheritdoc IReceivables
    function receivable(uint256 receivableId) external view returns (Receivable memory) {
        return _receivables[receivableId];
    }

    /// @inheritdoc IReceivables
    function part(uint256 partId) external view returns (Part memory) {
        return _parts[partId];
    }

    /// @inheritdoc IReceivables
    function partWithReceivable(uint256 partId) external view returns (Part memory, Receivable memory) {
        Part memory p = _parts[partId];
        return (p, _receivables[p.rootId]);
    }

    /// @inheritdoc IReceivables
    function settlementToken(bytes3 currency) external view returns (address) {
        return _settlementTokens[currency];
    }

    /// @inheritdoc IReceivables
    function invoiceRegistered(bytes32 invoiceHash) external view returns (bool) {
        return _invoiceUsed[invoiceHash];
    }

    function _issue(
        uint256 orderId,
        address obligor,
        address creditor,
        uint256 face,
        bytes3 currency,
        uint256 maturity,
        bytes32 invoiceHash,
        string calldata invoiceUri
    ) private returns (uint256 id) {
        if (creditor == obligor) revert ReceivableSelfIssued(obligor);
        _requireActive(creditor);
        if (_settlementTokens[currency] == address(0)) revert ReceivableCurrencyNotSupported(currency);
        if (face == 0 || face > type(uint96).max) revert ReceivableInvalidAmount(face);
        uint256 latest = block.timestamp + MAX_TERM;
        if (maturity <= block.timestamp || maturity > latest) revert ReceivableInvalidMaturity(maturity, latest);
        if (invoiceHash == bytes32(0) || _invoiceUsed[invoiceHash]) {
            revert ReceivableInvoiceAlreadyRegistered(invoiceHash);
        }
        _invoiceUsed[invoiceHash] = true;
        bool longTerm = maturity > block.timestamp + LONG_TERM_THRESHOLD;
        id = ++_lastId;
        _receivables[id] = Receivable({
            obligor: obligor,
            maturity: uint40(maturity),
            issuedAt: uint40(block.timestamp),
            status: ReceivableStatus.Outstanding,
            longTerm: longTerm,
            face: uint96(face),
            currency: currency,
            orderId: SafeCast.toUint64(orderId),
            paidAt: 0,
            invoiceHash: invoiceHash
        });
        _parts[id] = Part({
            holder: creditor,
            amount: uint96(face),
            face: uint96(face),
            parentId: 0,
            rootId: uint64(id),
            status: PartStatus.Active
        });
        _emitIssued(id, creditor, invoiceUri);
    }

    /// @dev Emits {ReceivableIssued} from storage (a separate frame keeps the stack shallow).
    function _emitIssued(uint256 id, address creditor, string calldata invoiceUri) private {
        Receivable storage r = _receivables[id];
        emit ReceivableIssued(
            id,
            r.obligor,
            creditor,
            r.face,
            r.currency,
            r.maturity,
            r.longTerm,
            r.orderId,
            r.invoiceHash,
            invoiceUri
        );
    }

    function _existingReceivable(uint256 receivableId) private view returns (Receivable storage r) {
        r = _receivables[receivableId];
        if (r.status == ReceivableStatus.None) revert ReceivableNotFound(receivableId);
    }

    /// @dev The part `partId` held by `from`, still movable; `from` must be an active member.
    function _movablePart(uint256 partId, address from) private view returns (Part storage p) {
        p = _parts[partId];
        PartStatus status = p.status;
        if (status == PartStatus.None) revert ReceivablePartNotFound(partId);
        if (p.holder != from) revert ReceivableNotHolder(partId, from, p.holder);
        if (status != PartStatus.Active || _receivables[p.rootId].status == ReceivableStatus.Paid) {
            revert ReceivablePartNotTransferable(partId);
        }
        _requireActive(from);
    }

    /// @dev A part of `partId` may go to `to` only when `to` is an active member other than `from`
    /// (the zero address is never a member, so it is refused too).
    function _checkRecipient(uint256 partId, address from, address to) private view {
        if (to == from) revert ReceivableSelfTransfer(partId);
        _requireActive(to);
    }

    /// @dev Moves `amount` of `parent` into a new part held by `to`; `to` was checked by the caller.
    function _splitOff(Part storage parent, uint256 parentId, address to, uint256 amount) private returns (uint256 id) {
        uint256 available = parent.amount;
        if (amount == 0 || amount >= available) revert ReceivableInvalidSplit(parentId, amount, available);
        uint256 parentAmount;
        // Cannot underflow: 0 < amount < available was checked just above.
        unchecked {
            parentAmount = available - amount;
        }
        parent.amount = uint96(parentAmount);
        uint64 rootId = parent.rootId;
        id = ++_lastId;
        _parts[id] = Part({
            holder: to,
            amount: uint96(amount),
            face: uint96(amount),
            parentId: uint64(parentId),
            rootId: rootId,
            status: PartStatus.Active
        });
        emit PartSplit(parentId, id, to, rootId, amount, parentAmount);
    }
}
