// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {ICreditLimits} from "../interfaces/ICreditLimits.sol";
import {MemberGated} from "../membership/MemberGated.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title CreditLimits
/// @notice See {ICreditLimits}.
contract CreditLimits is MemberGated, ICreditLimits {
    mapping(address bank => mapping(address counterparty => mapping(LimitKind => CreditLine))) private _lines;

    constructor(IMemberRegistry registry_) MemberGated(registry_) {}

    /// @inheritdoc ICreditLimits
    function setLimit(address counterparty, LimitKind kind, uint256 limit) external {
        _requireRole(msg.sender, Roles.BANK);
        if (counterparty == msg.sender) revert CreditLimitSelf(msg.sender);
        if (limit > type(uint128).max) revert CreditLimitInvalid(limit);
        _lines[msg.sender][counterparty][kind].limit = uint128(limit);
        emit CreditLimitSet(msg.sender, counterparty, kind, limit);
    }

    /// @inheritdoc ICreditLimits
    function consume(address bank, address obligor, address borrower, uint256 amount) external {
        _requireSystemCaller();
        if (obligor != address(0)) _consume(bank, obligor, LimitKind.Obligor, amount);
        if (borrower != address(0)) _consume(bank, borrower, LimitKind.Borrower, amount);
    }

    /// @inheritdoc ICreditLimits
    function release(address bank, address obligor, address borrower, uint256 amount) external {
        _requireSystemCaller();
        if (obligor != address(0)) _release(bank, obligor, LimitKind.Obligor, amount);
        if (borrower != address(0)) _release(bank, borrower, LimitKind.Borrower, amount);
    }

    /// @inheritdoc ICreditLimits
    function creditLine(address bank, address counterparty, LimitKind kind) external view returns (CreditLine memory) {
        return _lines[bank][counterparty][kind];
    }

    /// @inheritdoc ICreditLimits
    function available(address bank, address counterparty, LimitKind kind) public view returns (uint256) {
        CreditLine storage line = _lines[bank][counterparty][kind];
        return line.limit > line.used ? line.limit - line.used : 0;
    }

    function _consume(address bank, address counterparty, LimitKind kind, uint256 amount) private {
        uint256 free = available(bank, counterparty, kind);
        if (amount > free) revert CreditLimitExceeded(bank, counterparty, kind, amount, free);
        CreditLine storage line = _lines[bank][counterparty][kind];
        // Cannot overflow: used + amount <= limit, and limit fits 128 bits.
        uint128 used = line.used + uint128(amount);
        line.used = used;
        emit CreditLineUsed(bank, counterparty, kind, true, amount, used);
    }

    /// @dev Releases at most what is in use, so a line can never go negative.
    function _release(address bank, address counterparty, LimitKind kind, uint256 amount) private {
        CreditLine storage line = _lines[bank][counterparty][kind];
        uint128 released = amount > line.used ? line.used : uint128(amount);
        uint128 used = line.used - released;
        line.used = used;
        emit CreditLineUsed(bank, counterparty, kind, false, released, used);
    }
}
