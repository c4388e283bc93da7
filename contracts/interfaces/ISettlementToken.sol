// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ISettlementToken
/// @notice A permissioned tokenized bank deposit in one currency: member banks mint it against
/// deposits and it is burned on redemption; it moves only between admitted, non-suspended members,
/// so disbursements, factoring purchases and maturity payments settle atomically on chain.
interface ISettlementToken is IERC20 {
    /// @notice Amounts must be positive.
    error SettlementZeroAmount();

    /// @notice `bank` minted `amount` to `to` against the deposit `depositRef`.
    event DepositMinted(address indexed bank, address indexed to, uint256 amount, bytes32 depositRef);
    /// @notice `holder` redeemed (burned) `amount` with `bank`, which pays it out under `redemptionRef`.
    event DepositRedeemed(address indexed holder, address indexed bank, uint256 amount, bytes32 redemptionRef);

    /// @notice ISO 4217 code of the currency the token is a deposit in (e.g. "CNY").
    function currency() external view returns (bytes3);

    /// @notice Mints `amount` to member `to` against a deposit received by the calling bank.
    /// @dev Active, non-blacklisted BANK members only.
    function mint(address to, uint256 amount, bytes32 depositRef) external;

    /// @notice Burns `amount` of the caller's tokens, to be paid out by member bank `bank`.
    function redeem(uint256 amount, address bank, bytes32 redemptionRef) external;
}
