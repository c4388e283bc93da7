// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {IWarehouseReceipts} from "../interfaces/IWarehouseReceipts.sol";
import {MemberGated} from "../membership/MemberGated.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title WarehouseReceipts
/// @notice See {IWarehouseReceipts}.
contract WarehouseReceipts is MemberGated, IWarehouseReceipts {
    mapping(uint256 receiptId => Receipt) private _receipts;
    mapping(bytes32 key => uint256 receiptId) private _receiptIdByLot;
    /// @dev The protocol contract that created each live pledge: the only one that may end it.
    mapping(uint256 receiptId => address) private _pledgers;
    uint256 private _lastReceiptId;

    constructor(IMemberRegistry registry_) MemberGated(registry_) {}

    /// @inheritdoc IWarehouseReceipts
    function issue(address owner, ReceiptTerms calldata terms) external returns (uint256 receiptId) {
        _requireRole(msg.sender, Roles.WAREHOUSE);
        if (owner == msg.sender) revert ReceiptSelfDealing(owner);
        _requireActive(owner);
        if (bytes(terms.lot).length == 0) revert ReceiptMissingField("lot");
        if (terms.unit == bytes32(0)) revert ReceiptMissingField("unit");
        if (terms.documentHash == bytes32(0)) revert ReceiptMissingField("documentHash");
        if (terms.quantity == 0 || terms.quantity > type(uint128).max) {
            revert ReceiptInvalidAmount("quantity", terms.quantity);
        }
        if (terms.valuation == 0 || terms.valuation > type(uint96).max) {
            revert ReceiptInvalidAmount("valuation", terms.valuation);
        }
        bytes32 key = keccak256(abi.encode(msg.sender, terms.lot));
        uint256 existing = _receiptIdByLot[key];
        if (existing != 0) revert ReceiptLotAlreadyIssued(msg.sender, terms.lot, existing);
        receiptId = ++_lastReceiptId;
        _receiptIdByLot[key] = receiptId;
        Receipt storage r = _receipts[receiptId];
        r.owner = owner;
        r.issuedAt = uint40(block.timestamp);
        r.status = ReceiptStatus.Active;
        r.warehouse = msg.sender;
        r.valuation = uint96(terms.valuation);
        r.currency = terms.currency;
        r.quantity = uint128(terms.quantity);
        r.unit = terms.unit;
        r.documentHash = terms.documentHash;
        emit ReceiptIssued(receiptId, msg.sender, owner, terms);
    }

    /// @inheritdoc IWarehouseReceipts
    function transfer(uint256 receiptId, address to) external {
        Receipt storage r = _unpledgedActive(receiptId);
        if (msg.sender != r.owner) revert ReceiptUnauthorized(receiptId, msg.sender, r.owner);
        if (to == msg.sender) revert ReceiptSelfDealing(to);
        _requireActive(msg.sender);
        _requireActive(to);
        r.owner = to;
        emit ReceiptTransferred(receiptId, msg.sender, to);
    }

    /// @inheritdoc IWarehouseReceipts
    function pledge(uint256 receiptId, address owner, address pledgee) external {
        _requireSystemCaller();
        Receipt storage r = _unpledgedActive(receiptId);
        if (owner != r.owner) revert ReceiptUnauthorized(receiptId, owner, r.owner);
        _requireRole(pledgee, Roles.BANK);
        r.pledgee = pledgee;
        _pledgers[receiptId] = msg.sender;
        r.pledgedQuantity = r.quantity;
        r.frozen = false;
        emit ReceiptPledgeCreated(receiptId, owner, pledgee, r.quantity);
    }

    /// @inheritdoc IWarehouseReceipts
    function releasePledge(uint256 receiptId) external {
        Receipt storage r = _pledgedByCaller(receiptId);
        address pledgee = r.pledgee;
        _clearPledge(receiptId, r);
        emit ReceiptPledgeReleased(receiptId, pledgee);
    }

    /// @inheritdoc IWarehouseReceipts
    function enforcePledge(uint256 receiptId) external {
        Receipt storage r = _pledgedByCaller(receiptId);
        address pledgee = r.pledgee;
        address previousOwner = r.owner;
        r.owner = pledgee;
        _clearPledge(receiptId, r);
        emit ReceiptPledgeEnforced(receiptId, pledgee, previousOwner);
    }

    /// @inheritdoc IWarehouseReceipts
    function attest(uint256 receiptId, uint256 quantity, uint16 anomaly, bytes32 reportHash) external {
        Receipt storage r = _existing(receiptId);
        if (msg.sender != r.warehouse) revert ReceiptUnauthorized(receiptId, msg.sender, r.warehouse);
        if (r.status == ReceiptStatus.Released) revert ReceiptInvalidStatus(receiptId, r.status);
        _requireRole(msg.sender, Roles.WAREHOUSE);
        if (quantity > type(uint128).max) revert ReceiptInvalidAmount("quantity", quantity);
        address pledgee = r.pledgee;
        bool freezes = pledgee != address(0) && !r.frozen && (quantity < r.pledgedQuantity || anomaly != 0);
        if (freezes) r.frozen = true;
        emit InventoryAttested(receiptId, msg.sender, quantity, anomaly, reportHash, freezes);
        if (freezes) emit ReceiptPledgeFrozen(receiptId, pledgee, quantity, r.pledgedQuantity, anomaly);
    }

    /// @inheritdoc IWarehouseReceipts
    function unfreeze(uint256 receiptId) external {
        Receipt storage r = _pledged(receiptId);
        if (msg.sender != r.pledgee) revert ReceiptUnauthorized(receiptId, msg.sender, r.pledgee);
        if (!r.frozen) revert ReceiptNotFrozen(receiptId);
        _requireActive(msg.sender);
        r.frozen = false;
        emit ReceiptPledgeUnfrozen(receiptId, msg.sender);
    }

    /// @inheritdoc IWarehouseReceipts
    function requestRelease(uint256 receiptId) external {
        Receipt storage r = _unpledgedActive(receiptId);
        if (msg.sender != r.owner) revert ReceiptUnauthorized(receiptId, msg.sender, r.owner);
        _requireActive(msg.sender);
        r.status = ReceiptStatus.ReleaseRequested;
        emit ReceiptReleaseRequested(receiptId, msg.sender);
    }

    /// @inheritdoc IWarehouseReceipts
    function releaseGoods(uint256 receiptId) external {
        Receipt storage r = _existing(receiptId);
        if (msg.sender != r.warehouse) revert ReceiptUnauthorized(receiptId, msg.sender, r.warehouse);
        if (r.status != ReceiptStatus.ReleaseRequested) revert ReceiptInvalidStatus(receiptId, r.status);
        _requireRole(msg.sender, Roles.WAREHOUSE);
        r.status = ReceiptStatus.Released;
        emit ReceiptGoodsReleased(receiptId, msg.sender, r.owner);
    }

    /// @inheritdoc IWarehouseReceipts
    function receipt(uint256 receiptId) external view returns (Receipt memory) {
        return _receipts[receiptId];
    }

    /// @inheritdoc IWarehouseReceipts
    function receiptIdOf(address warehouse, string calldata lot) external view returns (uint256) {
        return _receiptIdByLot[keccak256(abi.encode(warehouse, lot))];
    }

    function _existing(uint256 receiptId) private view returns (Receipt storage r) {
        r = _receipts[receiptId];
        if (r.status == ReceiptStatus.None) revert ReceiptNotFound(receiptId);
    }

    function _unpledgedActive(uint256 receiptId) private view returns (Receipt storage r) {
        r = _existing(receiptId);
        if (r.status != ReceiptStatus.Active) revert ReceiptInvalidStatus(receiptId, r.status);
        if (r.pledgee != address(0)) revert ReceiptPledged(receiptId, r.pledgee);
    }

    function _pledged(uint256 receiptId) private view returns (Receipt storage r) {
        r = _existing(receiptId);
        if (r.pledgee == address(0)) revert ReceiptNotPledged(receiptId);
    }

    /// @dev Receipt `receiptId`, pledged by the calling protocol contract (an active SYSTEM member).
    function _pledgedByCaller(uint256 receiptId) private view returns (Receipt storage r) {
        _requireSystemCaller();
        r = _pledged(receiptId);
        address pledger = _pledgers[receiptId];
        if (msg.sender != pledger) revert ReceiptUnauthorized(receiptId, msg.sender, pledger);
    }

    function _clearPledge(uint256 receiptId, Receipt storage r) private {
        delete _pledgers[receiptId];
        r.pledgee = address(0);
        r.pledgedQuantity = 0;
        r.frozen = false;
    }
}
