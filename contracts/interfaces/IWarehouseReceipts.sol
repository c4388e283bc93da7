// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IWarehouseReceipts
/// @notice Warehouse receipts issued by warehouse members to the owners of goods they store. A receipt
/// is pledged to at most one bank at a time (through the receipt-financing contract); pledged, it
/// cannot be transferred, redeemed or pledged again until released. The warehouse posts inventory
/// attestations: one below the pledged quantity, or reporting an anomaly, freezes further drawing on
/// the pledge and alerts the pledgee.
interface IWarehouseReceipts {
    /// @notice Lifecycle of a receipt. ReleaseRequested: the owner asked for its goods back;
    /// Released: the warehouse delivered them and the receipt is void.
    enum ReceiptStatus {
        None,
        Active,
        ReleaseRequested,
        Released
    }

    /// @notice A receipt. `pledgee` is zero when the receipt is not pledged.
    struct Receipt {
        address owner;
        uint40 issuedAt;
        ReceiptStatus status;
        bool frozen;
        address warehouse;
        uint96 valuation;
        address pledgee;
        bytes3 currency;
        uint128 quantity;
        uint128 pledgedQuantity;
        bytes32 unit;
        bytes32 documentHash;
    }

    /// @notice What a warehouse states on a new receipt. `unit` is the unit of `quantity` (e.g. "t",
    /// "bale") as bytes32 text; `valuation` the goods' value in minor units of `currency`;
    /// `documentHash` the hash of the receipt scan and `documentUri` its encrypted copy's location.
    struct ReceiptTerms {
        string lot;
        string goods;
        uint256 quantity;
        bytes32 unit;
        uint256 valuation;
        bytes3 currency;
        bytes32 documentHash;
        string documentUri;
    }

    /// @notice `warehouse` issued lot `lot` before, as receipt `existingReceiptId`.
    error ReceiptLotAlreadyIssued(address warehouse, string lot, uint256 existingReceiptId);
    /// @notice Receipt `receiptId` does not exist.
    error ReceiptNotFound(uint256 receiptId);
    /// @notice Only `expected` may do this to receipt `receiptId`.
    error ReceiptUnauthorized(uint256 receiptId, address caller, address expected);
    /// @notice Receipt `receiptId` is in `status`, which does not allow the call.
    error ReceiptInvalidStatus(uint256 receiptId, ReceiptStatus status);
    /// @notice Receipt `receiptId` is pledged to `pledgee`.
    error ReceiptPledged(uint256 receiptId, address pledgee);
    /// @notice Receipt `receiptId` is not pledged.
    error ReceiptNotPledged(uint256 receiptId);
    /// @notice Receipt `receiptId`'s pledge is not frozen.
    error ReceiptNotFrozen(uint256 receiptId);
    /// @notice Quantity and valuation must be positive and fit their fields.
    error ReceiptInvalidAmount(string field, uint256 value);
    /// @notice A receipt needs a lot, a unit and a document hash.
    error ReceiptMissingField(string field);
    /// @notice A warehouse cannot issue a receipt to itself, nor a receipt be sent to its owner.
    error ReceiptSelfDealing(address account);

    /// @notice Warehouse `warehouse` issued receipt `receiptId` to `owner`.
    event ReceiptIssued(
        uint256 indexed receiptId,
        address indexed warehouse,
        address indexed owner,
        ReceiptTerms terms
    );
    /// @notice Receipt `receiptId` moved from `from` to `to`.
    event ReceiptTransferred(uint256 indexed receiptId, address indexed from, address indexed to);
    /// @notice Receipt `receiptId` of `owner` was pledged to `pledgee` for `pledgedQuantity` units.
    event ReceiptPledgeCreated(
        uint256 indexed receiptId,
        address indexed owner,
        address indexed pledgee,
        uint256 pledgedQuantity
    );
    /// @notice The pledge of receipt `receiptId` to `pledgee` was released.
    event ReceiptPledgeReleased(uint256 indexed receiptId, address indexed pledgee);
    /// @notice `pledgee` enforced its pledge and became owner of receipt `receiptId` (from `previousOwner`).
    event ReceiptPledgeEnforced(uint256 indexed receiptId, address indexed pledgee, address indexed previousOwner);
    /// @notice The warehouse attested `quantity` units for receipt `receiptId`; `anomaly` is 0 when
    /// nothing is wrong (otherwise a code: temperature, damage...). `freezes` tells whether it froze
    /// the pledge.
    event InventoryAttested(
        uint256 indexed receiptId,
        address indexed warehouse,
        uint256 quantity,
        uint16 anomaly,
        bytes32 reportHash,
        bool freezes
    );
    /// @notice Alert to `pledgee`: further drawing on receipt `receiptId` is frozen.
    event ReceiptPledgeFrozen(
        uint256 indexed receiptId,
        address indexed pledgee,
        uint256 attestedQuantity,
        uint256 pledgedQuantity,
        uint16 anomaly
    );
    /// @notice `pledgee` lifted the freeze on receipt `receiptId`.
    event ReceiptPledgeUnfrozen(uint256 indexed receiptId, address indexed pledgee);
    /// @notice The owner asked for the goods of receipt `receiptId`.
    event ReceiptReleaseRequested(uint256 indexed receiptId, address indexed owner);
    /// @notice The warehouse released the goods; receipt `receiptId` is void.
    event ReceiptGoodsReleased(uint256 indexed receiptId, address indexed warehouse, address indexed owner);

    /// @notice A warehouse issues a receipt for goods it holds for `owner`; (warehouse, lot) is unique.
    function issue(address owner, ReceiptTerms calldata terms) external returns (uint256 receiptId);

    /// @notice The owner transfers an unpledged, active receipt to member `to`.
    function transfer(uint256 receiptId, address to) external;

    /// @notice Pledges `owner`'s receipt to bank `pledgee`. Protocol contracts (SYSTEM) only; the
    /// caller checked that `owner` asked for it.
    function pledge(uint256 receiptId, address owner, address pledgee) external;

    /// @notice Releases the pledge. Only the protocol contract (SYSTEM) that created the pledge.
    function releasePledge(uint256 receiptId) external;

    /// @notice Makes the pledgee the owner and ends the pledge. Only the protocol contract (SYSTEM)
    /// that created the pledge.
    function enforcePledge(uint256 receiptId) external;

    /// @notice The issuing warehouse attests the goods of receipt `receiptId`.
    function attest(uint256 receiptId, uint256 quantity, uint16 anomaly, bytes32 reportHash) external;

    /// @notice The pledgee lifts a freeze after reviewing it.
    function unfreeze(uint256 receiptId) external;

    /// @notice The owner asks for its goods; the receipt must not be pledged.
    function requestRelease(uint256 receiptId) external;

    /// @notice The issuing warehouse releases the goods of a receipt whose owner asked for them.
    function releaseGoods(uint256 receiptId) external;

    /// @notice Receipt `receiptId`.
    function receipt(uint256 receiptId) external view returns (Receipt memory);

    /// @notice The receipt issued by `warehouse` for lot `lot`, zero when none.
    function receiptIdOf(address warehouse, string calldata lot) external view returns (uint256);
}
