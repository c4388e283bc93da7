// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title MemberGated
/// @notice Base of every protocol contract: the one place that turns the registry's answer into
/// the membership checks and their errors.
abstract contract MemberGated {
    /// @notice The consortium's member registry.
    IMemberRegistry public immutable registry;

    constructor(IMemberRegistry registry_) {
        registry = registry_;
    }

    /// @dev Whether `account` is an admitted, non-suspended member (any role).
    function _isActive(address account) internal view returns (bool active) {
        (, active, ) = registry.memberState(account);
    }

    /// @dev Whether `account` holds one of `roles`, whatever its status.
    function _holdsRole(address account, uint16 roles) internal view returns (bool) {
        (uint16 held, , ) = registry.memberState(account);
        return held & roles != 0;
    }

    /// @dev `account` is an admitted, non-suspended member (any role).
    function _requireActive(address account) internal view {
        (, bool active, ) = registry.memberState(account);
        if (!active) revert IMemberRegistry.MemberNotActive(account);
    }

    /// @dev `account` is active and holds one of `roles`.
    function _requireRole(address account, uint16 roles) internal view {
        (uint16 held, bool active, ) = registry.memberState(account);
        if (!active) revert IMemberRegistry.MemberNotActive(account);
        if (held & roles == 0) revert IMemberRegistry.MemberLacksRole(account, roles);
    }

    /// @dev `account` may start new financing: active, holds one of `roles` (0: any), not blacklisted.
    function _requireFinanceable(address account, uint16 roles) internal view {
        (uint16 held, bool active, bool blacklisted) = registry.memberState(account);
        if (!active) revert IMemberRegistry.MemberNotActive(account);
        if (roles != 0 && held & roles == 0) revert IMemberRegistry.MemberLacksRole(account, roles);
        if (blacklisted) revert IMemberRegistry.MemberBlacklisted(account);
    }

    /// @dev `account` is not blacklisted (it may be a member in any state).
    function _requireNotBlacklisted(address account) internal view {
        (, , bool blacklisted) = registry.memberState(account);
        if (blacklisted) revert IMemberRegistry.MemberBlacklisted(account);
    }

    /// @dev The caller is a protocol contract admitted with the SYSTEM role.
    function _requireSystemCaller() internal view {
        _requireRole(msg.sender, Roles.SYSTEM);
    }

    /// @dev The caller is an active operator.
    function _requireOperatorCaller() internal view {
        _requireRole(msg.sender, Roles.OPERATOR);
    }
}
