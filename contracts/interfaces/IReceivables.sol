// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IReceivables
/// @notice Receivables: payables confirmed by their obligor (a core enterprise), tokenized as a tree
/// of parts. The root part carries the id of the receivable; splitting a part moves some of its value
/// into a new child part that records its parent, so the whole tree can be traced back to the trade.
/// For every part `amount + sum(children's face) == face`, hence the current amounts of all parts
/// of a receivable always add up to its face amount. At maturity the obligor pays the face amount
/// into this contract and each part is redeemed to its holder for exactly its amount.
interface IReceivables {
    /// @notice Lifecycle of a receivable (the root of a tree of parts).
    /// Overdue: maturity passed unpaid (recorded by anyone through {markOverdue}).
    /// Defaulted: still unpaid `DEFAULT_GRACE_PERIOD` after maturity and declared by a bank or the
    /// operator. A payment in any of these states settles the receivable (`Paid`).
    enum ReceivableStatus {
        None,
        Outstanding,
        Overdue,
        Defaulted,
        Paid
    }

    /// @notice Lifecycle of a part. A part is Active until redeemed after its receivable is paid.
    enum PartStatus {
        None,
        Active,
        Redeemed
    }

    /// @notice A receivable: the obligation of `obligor` to pay `face` at `maturity`.
    struct Receivable {
        address obligor;
        uint40 maturity;
        uint40 issuedAt;
        ReceivableStatus status;
        bool longTerm;
        uint96 face;
        bytes3 currency;
        uint64 orderId;
        uint40 paidAt;
        bytes32 invoiceHash;
    }

    /// @notice A part of a receivable held by `holder`. `face` is its value when created, `amount`
    /// what it still holds after parts were split off it.
    struct Part {
        address holder;
        uint96 amount;
        uint96 face;
        uint64 parentId;
        uint64 rootId;
        PartStatus status;
    }

    /// @notice No settlement token is registered for `currency`.
    error ReceivableCurrencyNotSupported(bytes3 currency);
    /// @notice The token's currency is not `currency`.
    error ReceivableCurrencyMismatch(bytes3 currency, bytes3 tokenCurrency);
    /// @notice `invoiceHash` is zero or was registered before.
    error ReceivableInvoiceAlreadyRegistered(bytes32 invoiceHash);
    /// @notice The amount is zero or does not fit 96 bits.
    error ReceivableInvalidAmount(uint256 amount);
    /// @notice Maturity must be after now and at most `MAX_TERM` from now.
    error ReceivableInvalidMaturity(uint256 maturity, uint256 latestAllowed);
    /// @notice The obligor cannot be its own creditor.
    error ReceivableSelfIssued(address obligor);
    /// @notice Receivable `receivableId` does not exist.
    error ReceivableNotFound(uint256 receivableId);
    /// @notice `partId` does not exist.
    error ReceivablePartNotFound(uint256 partId);
    /// @notice `caller` does not hold part `partId` (held by `holder`).
    error ReceivableNotHolder(uint256 partId, address caller, address holder);
    /// @notice Part `partId` cannot move: it was redeemed or its receivable is already paid.
    error ReceivablePartNotTransferable(uint256 partId);
    /// @notice Splitting `amount` off part `partId` needs 0 < amount < its current amount `available`.
    error ReceivableInvalidSplit(uint256 partId, uint256 amount, uint256 available);
    /// @notice Split recipients and amounts differ in length, or are empty.
    error ReceivableSplitLengthMismatch(uint256 recipients, uint256 amounts);
    /// @notice Only the obligor `obligor` may do this to receivable `receivableId`.
    error ReceivableNotObligor(uint256 receivableId, address caller, address obligor);
    /// @notice Receivable `receivableId` is in `status`, which does not allow the call.
    error ReceivableInvalidStatus(uint256 receivableId, ReceivableStatus status);
    /// @notice Receivable `receivableId` is not due: maturity `maturity`.
    error ReceivableNotMatured(uint256 receivableId, uint256 maturity);
    /// @notice A default can be declared only after `graceEndsAt`.
    error ReceivableGracePeriodNotOver(uint256 receivableId, uint256 graceEndsAt);
    /// @notice Part `partId` cannot be redeemed: its receivable is not paid or the part was redeemed.
    error ReceivablePartNotRedeemable(uint256 partId);
    /// @notice Part `partId` cannot be transferred or split to its own holder.
    error ReceivableSelfTransfer(uint256 partId);
    /// @notice Part `partId` is in the custody of the protocol contract `custodian`; only it may redeem it.
    error ReceivablePartInCustody(uint256 partId, address custodian);
    /// @notice `currency` is already settled in `token`; the registration cannot change.
    error ReceivableSettlementTokenAlreadySet(bytes3 currency, address token);

    /// @notice A settlement token was registered for `currency`.
    event SettlementTokenSet(bytes3 indexed currency, address token);
    /// @notice Receivable `receivableId` (also the id of its root part) was issued by `obligor` to
    /// `creditor`. `orderId` is 0 when issued directly against an invoice.
    event ReceivableIssued(
        uint256 indexed receivableId,
        address indexed obligor,
        address indexed creditor,
        uint256 face,
        bytes3 currency,
        uint256 maturity,
        bool longTerm,
        uint256 orderId,
        bytes32 invoiceHash,
        string invoiceUri
    );
    /// @notice `amount` was split off part `parentId` (now holding `parentAmount`) into new part
    /// `partId` of receivable `rootId`, held by `holder`.
    event PartSplit(
        uint256 indexed parentId,
        uint256 indexed partId,
        address indexed holder,
        uint256 rootId,
        uint256 amount,
        uint256 parentAmount
    );
    /// @notice Part `partId` moved from `from` to `to`.
    event PartTransferred(uint256 indexed partId, address indexed from, address indexed to);
    /// @notice Receivable `receivableId` passed maturity unpaid.
    event ReceivableOverdue(uint256 indexed receivableId, uint256 maturity);
    /// @notice Receivable `receivableId` was declared in default by `declaredBy`.
    event ReceivableDefaulted(uint256 indexed receivableId, address indexed declaredBy);
    /// @notice The obligor paid receivable `receivableId` in full. `late`: after maturity;
    /// `afterDefault`: after a default was declared.
    event ReceivablePaid(
        uint256 indexed receivableId,
        address indexed payer,
        uint256 amount,
        bool late,
        bool afterDefault
    );
    /// @notice Part `partId` of a paid receivable paid `amount` to its holder `holder`.
    event PartRedeemed(uint256 indexed partId, uint256 indexed receivableId, address indexed holder, uint256 amount);

    /// @notice Registers the settlement token of `currency`, once: it cannot be replaced later, so
    /// payments held for a currency can never be redirected. Operator only.
    function setSettlementToken(bytes3 currency, address token) external;

    /// @notice The obligor (caller, a core enterprise) confirms a payable against an invoice and
    /// issues it as a receivable to `creditor`.
    /// @param maturity Due date (unix seconds): after now, at most one year ahead; more than 180 days
    /// ahead is flagged `longTerm`.
    /// @param invoiceHash Hash of the invoice document; each invoice can back one receivable only.
    /// @param invoiceUri Location of the encrypted invoice (e.g. an IPFS CID).
    /// @return receivableId The id of the receivable and of its root part.
    function issue(
        address creditor,
        uint256 face,
        bytes3 currency,
        uint256 maturity,
        bytes32 invoiceHash,
        string calldata invoiceUri
    ) external returns (uint256 receivableId);

    /// @notice Issues the receivable that an accepted delivery of order `orderId` becomes.
    /// @dev Protocol contracts only (the purchase-order contract); `obligor` checks were done there.
    function issueFromOrder(
        uint256 orderId,
        address obligor,
        address creditor,
        uint256 face,
        bytes3 currency,
        uint256 maturity,
        bytes32 invoiceHash,
        string calldata invoiceUri
    ) external returns (uint256 receivableId);

    /// @notice Splits `amount` off the caller's part `partId` into a new part held by member `to`.
    /// @return partId_ The new part.
    function split(uint256 partId, address to, uint256 amount) external returns (uint256 partId_);

    /// @notice Splits several new parts off `partId` at once, one per recipient.
    function splitMany(
        uint256 partId,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) external returns (uint256[] memory partIds);

    /// @notice Transfers the caller's whole part `partId` to member `to`.
    function transfer(uint256 partId, address to) external;

    /// @notice Moves part `partId` from `from` to `to` on behalf of a protocol contract (custody for
    /// financing). The calling contract must have checked that `from` authorised it.
    function custodyTransfer(uint256 partId, address from, address to) external;

    /// @notice The obligor pays receivable `receivableId` in full (its face amount, in settlement
    /// tokens approved to this contract). Each part is then redeemable for its amount.
    function pay(uint256 receivableId) external;

    /// @notice Pays part `partId` of a paid receivable to its holder. Anyone may call, except for a part
    /// in the custody of a protocol contract (factoring, order financing), which only that contract redeems.
    function redeem(uint256 partId) external returns (uint256 amount);

    /// @notice Records that receivable `receivableId` passed maturity unpaid. Anyone may call.
    function markOverdue(uint256 receivableId) external;

    /// @notice Declares receivable `receivableId` in default, once it is unpaid `DEFAULT_GRACE_PERIOD`
    /// after maturity. Banks and the operator only.
    function declareDefault(uint256 receivableId) external;

    /// @notice Receivable `receivableId`.
    function receivable(uint256 receivableId) external view returns (Receivable memory);

    /// @notice Part `partId`.
    function part(uint256 partId) external view returns (Part memory);

    /// @notice Part `partId` and the receivable it belongs to, in one call.
    function partWithReceivable(uint256 partId) external view returns (Part memory, Receivable memory);

    /// @notice The settlement token registered for `currency` (zero when none).
    function settlementToken(bytes3 currency) external view returns (address);

    /// @notice Whether `invoiceHash` backs a receivable already.
    function invoiceRegistered(bytes32 invoiceHash) external view returns (bool);
}
