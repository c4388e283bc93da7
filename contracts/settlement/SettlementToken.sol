// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {ISettlementToken} from "../interfaces/ISettlementToken.sol";
import {MemberGated} from "../membership/MemberGated.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title SettlementToken
/// @notice Tokenized deposit with two decimals (minor units: fen, cents). Every balance change checks
/// that both sides are admitted, non-suspended members (protocol contracts are members with the
/// SYSTEM role), so cash can never reach an outsider.
contract SettlementToken is ERC20, MemberGated, ISettlementToken {
    bytes3 private immutable _currency;

    constructor(
        IMemberRegistry registry_,
        string memory name_,
        string memory symbol_,
        bytes3 currency_
    ) ERC20(name_, symbol_) MemberGated(registry_) {
        _currency = currency_;
    }

    /// @notice Amounts are integers in minor units.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc ISettlementToken
    function currency() external view returns (bytes3) {
        return _currency;
    }

    /// @inheritdoc ISettlementToken
    function mint(address to, uint256 amount, bytes32 depositRef) external {
        _requireFinanceable(msg.sender, Roles.BANK);
        if (amount == 0) revert SettlementZeroAmount();
        _mint(to, amount);
        emit DepositMinted(msg.sender, to, amount, depositRef);
    }

    /// @inheritdoc ISettlementToken
    function redeem(uint256 amount, address bank, bytes32 redemptionRef) external {
        if (amount == 0) revert SettlementZeroAmount();
        _requireRole(bank, Roles.BANK);
        _burn(msg.sender, amount);
        emit DepositRedeemed(msg.sender, bank, amount, redemptionRef);
    }

    /// @dev The membership gate of every mint, burn and transfer.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0)) _requireActive(from);
        if (to != address(0)) _requireActive(to);
        super._update(from, to, value);
    }
}
