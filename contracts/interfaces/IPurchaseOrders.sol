// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IPurchaseOrders
/// @notice Purchase orders submitted by suppliers and confirmed or rejected by their buyer (a core
/// enterprise). A confirmed order can back prepayment financing; once the buyer accepts delivery it
/// converts into a receivable. (buyer, supplier, order number) can be registered once, forever.
interface IPurchaseOrders {
    /// @notice Lifecycle of an order.
    enum OrderStatus {
        None,
        Pending,
        Confirmed,
        Rejected,
        Cancelled,
        Converted
    }

    /// @notice An order. `lienHolder` is the financing contract with a claim on it (zero: none);
    /// `receivableId` the receivable it converted into.
    struct Order {
        address supplier;
        uint40 deliveryDate;
        uint16 paymentTermDays;
        OrderStatus status;
        address buyer;
        uint96 amount;
        address lienHolder;
        bytes3 currency;
        uint64 receivableId;
        bytes32 documentHash;
        bytes32 numberHash;
    }

    /// @notice (buyer, supplier, order number) was registered before as order `existingOrderId`.
    error OrderAlreadyRegistered(address buyer, address supplier, string orderNumber, uint256 existingOrderId);
    /// @notice Order `orderId` does not exist.
    error OrderNotFound(uint256 orderId);
    /// @notice Order `orderId` is in `status`, which does not allow the call.
    error OrderInvalidStatus(uint256 orderId, OrderStatus status);
    /// @notice Only `expected` may do this to order `orderId`.
    error OrderUnauthorized(uint256 orderId, address caller, address expected);
    /// @notice The amount is zero or does not fit 96 bits.
    error OrderInvalidAmount(uint256 amount);
    /// @notice The payment term must be 1 to 365 days.
    error OrderInvalidPaymentTerm(uint256 paymentTermDays);
    /// @notice The delivery date cannot lie in the past.
    error OrderInvalidDeliveryDate(uint256 deliveryDate);
    /// @notice An order needs a number and a document hash.
    error OrderMissingField(string field);
    /// @notice A supplier cannot sell to itself.
    error OrderSelfDealing(address account);
    /// @notice Order `orderId` already has a lien held by `lienHolder`.
    error OrderAlreadyEncumbered(uint256 orderId, address lienHolder);

    /// @notice `supplier` submitted order `orderId` to `buyer`.
    event OrderSubmitted(
        uint256 indexed orderId,
        address indexed supplier,
        address indexed buyer,
        string orderNumber,
        uint256 amount,
        bytes3 currency,
        uint256 deliveryDate,
        uint256 paymentTermDays,
        bytes32 documentHash,
        string documentUri
    );
    /// @notice The buyer confirmed order `orderId`.
    event OrderConfirmed(uint256 indexed orderId, address indexed buyer);
    /// @notice The buyer rejected order `orderId`.
    event OrderRejected(uint256 indexed orderId, address indexed buyer, bytes32 reasonRef);
    /// @notice The supplier withdrew its pending order `orderId`.
    event OrderCancelled(uint256 indexed orderId, address indexed supplier);
    /// @notice The buyer accepted delivery; order `orderId` became receivable `receivableId`, first
    /// held by `creditor` (the supplier, or the financing contract holding a lien).
    event OrderConverted(uint256 indexed orderId, uint256 indexed receivableId, address creditor);
    /// @notice Financing contract `lienHolder` took (`held` true) or released a lien on order `orderId`.
    event OrderLienChanged(uint256 indexed orderId, address indexed lienHolder, bool held);

    /// @notice Submits an order to `buyer`, an active core enterprise. Suppliers only.
    /// @param orderNumber The buyer's order number; unique per (buyer, supplier).
    /// @param deliveryDate Agreed delivery date (unix seconds, not in the past).
    /// @param paymentTermDays Days from accepted delivery to payment (1 to 365).
    /// @param documentHash Hash of the order document; `documentUri` its encrypted copy's location.
    function submit(
        address buyer,
        string calldata orderNumber,
        uint256 amount,
        bytes3 currency,
        uint256 deliveryDate,
        uint256 paymentTermDays,
        bytes32 documentHash,
        string calldata documentUri
    ) external returns (uint256 orderId);

    /// @notice The buyer confirms a pending order.
    function confirm(uint256 orderId) external;

    /// @notice The buyer rejects a pending order, giving the reference of its reason.
    function reject(uint256 orderId, bytes32 reasonRef) external;

    /// @notice The supplier withdraws a pending order.
    function cancel(uint256 orderId) external;

    /// @notice The buyer accepts delivery of a confirmed order, which converts into a receivable
    /// maturing `paymentTermDays` from now, backed by invoice `invoiceHash`.
    function acceptDelivery(
        uint256 orderId,
        bytes32 invoiceHash,
        string calldata invoiceUri
    ) external returns (uint256 receivableId);

    /// @notice A financing contract (SYSTEM role) takes a lien on a confirmed order: when it converts,
    /// the receivable goes to the lien holder, which repays the financing first.
    function setLien(uint256 orderId) external;

    /// @notice The lien holder releases its lien.
    function releaseLien(uint256 orderId) external;

    /// @notice Order `orderId`.
    function order(uint256 orderId) external view returns (Order memory);

    /// @notice The id of the order registered as (buyer, supplier, orderNumber), zero when none.
    function orderIdOf(address buyer, address supplier, string calldata orderNumber) external view returns (uint256);
}
