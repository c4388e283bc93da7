// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IFinancing
/// @notice What the three financing products (factoring, order financing, warehouse-receipt loans)
/// share: their errors and held payouts. Each product's interface extends this one.
interface IFinancing {
    /// @notice `amount` owed to `account` by a collection or settlement could not be sent because
    /// `account` is not an active member (suspended) and is held for it until it claims it.
    event PayoutHeld(address indexed account, bytes3 indexed currency, uint256 amount);
    /// @notice `account` claimed `amount` of the payouts held for it.
    event PayoutClaimed(address indexed account, bytes3 indexed currency, uint256 amount);

    /// @notice Financing `id` does not exist.
    error FinancingNotFound(uint256 id);
    /// @notice Financing `id` is in status `status` (the product's enum), which does not allow the call.
    error FinancingInvalidStatus(uint256 id, uint8 status);
    /// @notice Only `expected` may do this to financing `id`.
    error FinancingUnauthorized(uint256 id, address caller, address expected);
    /// @notice The offer or request `id` expired at `expiresAt`.
    error FinancingExpired(uint256 id, uint256 expiresAt);
    /// @notice Term `term` has the invalid value `value`.
    error FinancingInvalidTerm(string term, uint256 value);
    /// @notice The bank's `term` (`value`) is outside the applicant's bound `bound`.
    error FinancingTermOutOfBounds(uint256 id, string term, uint256 value, uint256 bound);
    /// @notice Financing `id` `requested` more than its cap allows (`cap`).
    error FinancingExceedsCap(uint256 id, uint256 requested, uint256 cap);
    /// @notice Financing `id` can be declared in default only after `graceEndsAt`.
    error FinancingGracePeriodNotOver(uint256 id, uint256 graceEndsAt);
    /// @notice The asset behind financing `id` is not in a state that allows the call.
    error FinancingAssetNotReady(uint256 id);
    /// @notice No settlement token is registered for `currency`.
    error FinancingCurrencyNotSupported(bytes3 currency);
    /// @notice Nothing is held for `account` in `currency`.
    error FinancingNothingHeld(address account, bytes3 currency);

    /// @notice Pays the caller the payouts held for it in `currency` (see {PayoutHeld}). The caller
    /// must be an active member again.
    /// @return amount What was paid.
    function claimHeld(bytes3 currency) external returns (uint256 amount);

    /// @notice What is held for `account` in `currency`.
    function heldFor(address account, bytes3 currency) external view returns (uint256);
}
