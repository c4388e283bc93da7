// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IFinancing} from "./IFinancing.sol";

/// @title IFactoring
/// @notice Factoring of receivable parts. The holder offers a part, with the worst terms it accepts,
/// to one bank or to every bank; the offered part sits in this contract's custody, so it cannot be
/// offered, split or sold again. A bank accepts with its advance and discount rates: in the same
/// transaction it pays the seller `advance - discount` (delivery versus payment). At maturity the
/// collected face amount pays the bank its advance and the seller the reserve `face - advance`.
///
/// Pricing (see {Pricing}): advance = floor(face x advanceBps / 10 000); discount =
/// ceil(advance x discountBps x days / 3 600 000), days = ACT days from funding to maturity;
/// purchase price = advance - discount.
///
/// With recourse, once the receivable is declared in default the bank can claim the advance from
/// the seller, who gets the part back when it pays. If the obligor pays first, the normal collection
/// applies, whether or not recourse was claimed.
interface IFactoring is IFinancing {
    /// @notice Lifecycle of a factoring deal.
    enum DealStatus {
        None,
        Offered,
        Funded,
        Collected,
        RecourseClaimed,
        RecourseSettled,
        Withdrawn,
        Declined
    }

    /// @notice A factoring deal. Until funded, `bank` is the bank the offer is addressed to (zero:
    /// any bank) and the rates are the seller's bounds; once funded, the buyer and the agreed terms.
    struct Deal {
        address seller;
        uint64 partId;
        uint16 minAdvanceBps;
        uint16 maxDiscountBps;
        address bank;
        uint40 expiresAt;
        DealStatus status;
        bool recourseAccepted;
        bool withRecourse;
        uint16 advanceBps;
        uint16 discountBps;
        address obligor;
        uint96 face;
        uint96 advance;
        uint96 discount;
        uint40 fundedAt;
        bytes3 currency;
        bytes32 registryRef;
    }

    /// @notice `seller` offered part `partId` (face `face`, obligor `obligor`) as deal `dealId` to
    /// `bank` (zero: any bank).
    event FactoringOffered(
        uint256 indexed dealId,
        uint256 indexed partId,
        address indexed seller,
        address bank,
        address obligor,
        uint256 face,
        uint256 minAdvanceBps,
        uint256 maxDiscountBps,
        bool recourseAccepted,
        uint256 expiresAt
    );
    /// @notice The seller withdrew offer `dealId`; the part went back to it.
    event FactoringWithdrawn(uint256 indexed dealId, address indexed seller);
    /// @notice The addressed bank declined offer `dealId`; the part went back to the seller.
    event FactoringDeclined(uint256 indexed dealId, address indexed bank, bytes32 reasonRef);
    /// @notice `bank` bought deal `dealId`'s part: it paid `price` = `advance` - `discount` to `seller`.
    /// `registryRef` is the deal's registration in the movable-property financing registry.
    event FactoringFunded(
        uint256 indexed dealId,
        address indexed bank,
        address indexed seller,
        uint256 advanceBps,
        uint256 discountBps,
        uint256 daysToMaturity,
        uint256 advance,
        uint256 discount,
        uint256 price,
        bool withRecourse,
        bytes32 registryRef
    );
    /// @notice The receivable was paid: the bank got `toBank`, the seller the reserve `toSeller`.
    event FactoringCollected(uint256 indexed dealId, uint256 toBank, uint256 toSeller);
    /// @notice The bank claimed `amount` from the seller under recourse after the obligor's default.
    event FactoringRecourseClaimed(uint256 indexed dealId, address indexed seller, uint256 amount);
    /// @notice The seller paid `amount` back under recourse and took the part back.
    event FactoringRecourseSettled(uint256 indexed dealId, address indexed seller, uint256 amount);

    /// @notice The caller (a core enterprise, supplier or bank; never the regulator) offers its part
    /// `partId` for factoring, which moves it into custody.
    /// @param bank The bank addressed, or zero for any bank.
    /// @param minAdvanceBps Lowest advance rate the seller accepts (1 to 10 000).
    /// @param maxDiscountBps Highest annual discount rate the seller accepts.
    /// @param recourseAccepted Whether the seller accepts a deal with recourse.
    /// @param expiresAt When the offer lapses (the seller then withdraws it).
    function offer(
        uint256 partId,
        address bank,
        uint256 minAdvanceBps,
        uint256 maxDiscountBps,
        bool recourseAccepted,
        uint256 expiresAt
    ) external returns (uint256 dealId);

    /// @notice The seller withdraws an offer not yet funded and gets the part back (or, when the
    /// obligor has paid the receivable meanwhile, the part's proceeds).
    function withdraw(uint256 dealId) external;

    /// @notice The addressed bank declines an offer; the part (or, once paid, its proceeds) goes back
    /// to the seller.
    function decline(uint256 dealId, bytes32 reasonRef) external;

    /// @notice A bank buys the offered part on its terms, within the seller's bounds and its own
    /// credit limits, paying the seller from its settlement tokens (approved to this contract).
    function accept(
        uint256 dealId,
        uint256 advanceBps,
        uint256 discountBps,
        bool withRecourse,
        bytes32 registryRef
    ) external;

    /// @notice Once the receivable is paid, redeems the part and pays bank and seller. Anyone may call.
    function collect(uint256 dealId) external;

    /// @notice The bank claims the advance from the seller of a deal with recourse whose receivable
    /// was declared in default.
    function claimRecourse(uint256 dealId) external;

    /// @notice The seller pays the claimed advance to the bank and takes the part back (or, when the
    /// obligor has paid late meanwhile, the part's proceeds).
    function settleRecourse(uint256 dealId) external;

    /// @notice Deal `dealId`.
    function deal(uint256 dealId) external view returns (Deal memory);

    /// @notice The price a bank would pay today for deal `dealId` at the given terms.
    function quote(
        uint256 dealId,
        uint256 advanceBps,
        uint256 discountBps
    ) external view returns (uint256 advance, uint256 discount, uint256 price, uint256 daysToMaturity);
}
