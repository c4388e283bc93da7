// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title Pricing
/// @notice The one place where money is priced. Every figure is an integer in minor units; rates are
/// basis points; interest and discount use the ACT/360 day count.
///
/// Rounding rules (each one favours neither side by more than one minor unit, and never lets a
/// financed amount exceed its cap):
/// - An amount capped by a rate (advance = face x advance rate, loan cap = valuation x LTV) is rounded
///   DOWN, so the financed amount never exceeds the cap (DESIGN invariant 4).
/// - Interest and discount are rounded UP to the next minor unit, so the lender is never paid less
///   than the agreed rate.
/// - Days are ACT: the number of UTC calendar days between two timestamps, i.e. the difference of
///   their day indexes `floor(timestamp / 86400)`. Interest on a loan runs for at least one day.
library Pricing {
    /// @notice One hundred percent in basis points.
    uint256 internal constant BPS = 10_000;
    /// @notice ACT/360 year basis, in days.
    uint256 internal constant YEAR_BASIS_DAYS = 360;

    /// @notice UTC calendar day index of a timestamp.
    function dayIndex(uint256 timestamp) internal pure returns (uint256) {
        return timestamp / 1 days;
    }

    /// @notice Actual calendar days from `fromTs` to `toTs` (0 when `toTs` is not after `fromTs`).
    function actualDays(uint256 fromTs, uint256 toTs) internal pure returns (uint256) {
        uint256 a = dayIndex(fromTs);
        uint256 b = dayIndex(toTs);
        return b > a ? b - a : 0;
    }

    /// @notice `amount x bps / 10 000`, rounded down: the cap of an advance or a loan-to-value.
    function applyRateDown(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return (amount * bps) / BPS;
    }

    /// @notice ACT/360 interest `principal x rate x days / (360 x 10 000)`, rounded up.
    /// @dev `principal` < 2^96, `rateBps` < 2^16 and `days_` < 2^32 keep the product under 2^144.
    function interest(uint256 principal, uint256 rateBps, uint256 days_) internal pure returns (uint256) {
        uint256 numerator = principal * rateBps * days_;
        uint256 denominator = YEAR_BASIS_DAYS * BPS;
        return numerator == 0 ? 0 : (numerator - 1) / denominator + 1;
    }

    /// @notice Interest on a loan from `fromTs` to `toTs`, counting at least one day.
    function loanInterest(
        uint256 principal,
        uint256 rateBps,
        uint256 fromTs,
        uint256 toTs
    ) internal pure returns (uint256) {
        uint256 days_ = actualDays(fromTs, toTs);
        return interest(principal, rateBps, days_ == 0 ? 1 : days_);
    }
}
