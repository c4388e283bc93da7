// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {IPurchaseOrders} from "../interfaces/IPurchaseOrders.sol";
import {IReceivables} from "../interfaces/IReceivables.sol";
import {MemberGated} from "../membership/MemberGated.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title PurchaseOrders
/// @notice See {IPurchaseOrders}. This contract must be admitted with the SYSTEM role so that it can
/// issue the receivables its orders convert into.
contract PurchaseOrders is MemberGated, IPurchaseOrders {
    /// @notice Where accepted orders become receivables.
    IReceivables public immutable receivables;

    mapping(uint256 orderId => Order) private _orders;
    mapping(bytes32 key => uint256 orderId) private _orderIdByKey;
    uint256 private _lastOrderId;

    constructor(IMemberRegistry registry_, IReceivables receivables_) MemberGated(registry_) {
        receivables = receivables_;
    }

    /// @inheritdoc IPurchaseOrders
    function submit(
        address buyer,
        string calldata orderNumber,
        uint256 amount,
        bytes3 currency,
        uint256 deliveryDate,
        uint256 paymentTermDays,
        bytes32 documentHash,
        string calldata documentUri
    ) external returns (uint256 orderId) {
        _requireRole(msg.sender, Roles.SUPPLIER);
        _requireRole(buyer, Roles.CORE_ENTERPRISE);
        if (buyer == msg.sender) revert OrderSelfDealing(buyer);
        if (bytes(orderNumber).length == 0) revert OrderMissingField("orderNumber");
        if (documentHash == bytes32(0)) revert OrderMissingField("documentHash");
        if (amount == 0 || amount > type(uint96).max) revert OrderInvalidAmount(amount);
        if (paymentTermDays == 0 || paymentTermDays > 365) revert OrderInvalidPaymentTerm(paymentTermDays);
        if (deliveryDate < block.timestamp - (block.timestamp % 1 days) || deliveryDate > type(uint40).max) {
            revert OrderInvalidDeliveryDate(deliveryDate);
        }
        if (receivables.settlementToken(currency) == address(0)) {
            revert IReceivables.ReceivableCurrencyNotSupported(currency);
        }
        bytes32 key = _key(buyer, msg.sender, orderNumber);
        uint256 existing = _orderIdByKey[key];
        if (existing != 0) revert OrderAlreadyRegistered(buyer, msg.sender, orderNumber, existing);
        orderId = ++_lastOrderId;
        _orderIdByKey[key] = orderId;
        _orders[orderId] = Order({
            supplier: msg.sender,
            deliveryDate: uint40(deliveryDate),
            paymentTermDays: uint16(paymentTermDays),
            status: OrderStatus.Pending,
            buyer: buyer,
            amount: uint96(amount),
            lienHolder: address(0),
            currency: currency,
            receivableId: 0,
            documentHash: documentHash,
            numberHash: keccak256(bytes(orderNumber))
        });
        emit OrderSubmitted(
            orderId,
            msg.sender,
            buyer,
            orderNumber,
            amount,
            currency,
            deliveryDate,
            paymentTermDays,
            documentHash,
            documentUri
        );
    }

    /// @inheritdoc IPurchaseOrders
    function confirm(uint256 orderId) external {
        Order storage o = _buyerOrder(orderId, OrderStatus.Pending);
        o.status = OrderStatus.Confirmed;
        emit OrderConfirmed(orderId, msg.sender);
    }

    /// @inheritdoc IPurchaseOrders
    function reject(uint256 orderId, bytes32 reasonRef) external {
        Order storage o = _buyerOrder(orderId, OrderStatus.Pending);
        o.status = OrderStatus.Rejected;
        emit OrderRejected(orderId, msg.sender, reasonRef);
    }

    /// @inheritdoc IPurchaseOrders
    function cancel(uint256 orderId) external {
        Order storage o = _existingOrder(orderId);
        if (msg.sender != o.supplier) revert OrderUnauthorized(orderId, msg.sender, o.supplier);
        if (o.status != OrderStatus.Pending) revert OrderInvalidStatus(orderId, o.status);
        _requireActive(msg.sender);
        o.status = OrderStatus.Cancelled;
        emit OrderCancelled(orderId, msg.sender);
    }

    /// @inheritdoc IPurchaseOrders
    function acceptDelivery(
        uint256 orderId,
        bytes32 invoiceHash,
        string calldata invoiceUri
    ) external returns (uint256 receivableId) {
        Order storage o = _buyerOrder(orderId, OrderStatus.Confirmed);
        o.status = OrderStatus.Converted;
        address creditor = o.lienHolder == address(0) ? o.supplier : o.lienHolder;
        receivableId = receivables.issueFromOrder(
            orderId,
            msg.sender,
            creditor,
            o.amount,
            o.currency,
            block.timestamp + uint256(o.paymentTermDays) * 1 days,
            invoiceHash,
            invoiceUri
        );
        o.receivableId = uint64(receivableId);
        emit OrderConverted(orderId, receivableId, creditor);
    }

    /// @inheritdoc IPurchaseOrders
    function setLien(uint256 orderId) external {
        _requireSystemCaller();
        Order storage o = _existingOrder(orderId);
        if (o.status != OrderStatus.Confirmed) revert OrderInvalidStatus(orderId, o.status);
        if (o.lienHolder != address(0)) revert OrderAlreadyEncumbered(orderId, o.lienHolder);
        o.lienHolder = msg.sender;
        emit OrderLienChanged(orderId, msg.sender, true);
    }

    /// @inheritdoc IPurchaseOrders
    function releaseLien(uint256 orderId) external {
        Order storage o = _existingOrder(orderId);
        if (msg.sender != o.lienHolder) revert OrderUnauthorized(orderId, msg.sender, o.lienHolder);
        o.lienHolder = address(0);
        emit OrderLienChanged(orderId, msg.sender, false);
    }

    /// @inheritdoc IPurchaseOrders
    function order(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc IPurchaseOrders
    function orderIdOf(address buyer, address supplier, string calldata orderNumber) external view returns (uint256) {
        return _orderIdByKey[_key(buyer, supplier, orderNumber)];
    }

    function _key(address buyer, address supplier, string calldata orderNumber) private pure returns (bytes32) {
        return keccak256(abi.encode(buyer, supplier, orderNumber));
    }

    function _existingOrder(uint256 orderId) private view returns (Order storage o) {
        o = _orders[orderId];
        if (o.status == OrderStatus.None) revert OrderNotFound(orderId);
    }

    /// @dev Order `orderId` in `status`, called by its buyer, an active core enterprise.
    function _buyerOrder(uint256 orderId, OrderStatus status) private view returns (Order storage o) {
        o = _existingOrder(orderId);
        if (msg.sender != o.buyer) revert OrderUnauthorized(orderId, msg.sender, o.buyer);
        if (o.status != status) revert OrderInvalidStatus(orderId, o.status);
        _requireRole(msg.sender, Roles.CORE_ENTERPRISE);
    }
}
