// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title MemberRegistry
/// @notice Consortium membership kept by the operator. Operator rights are OpenZeppelin
/// AccessControl's OPERATOR_ROLE, kept in step with the OPERATOR bit of the member's roles; only
/// the DEFAULT_ADMIN_ROLE (the consortium's governance account) can make or unmake operators.
contract MemberRegistry is AccessControl, IMemberRegistry {
    /// @notice AccessControl role of the accounts allowed to admit, suspend and blacklist.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    mapping(address account => Member) private _members;

    /// @param governance Receives DEFAULT_ADMIN_ROLE and is admitted as the first operator.
    /// @param orgId Organisation of the governance account.
    constructor(address governance, bytes32 orgId) {
        if (governance == address(0)) revert ZeroAddressMember();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _grantRole(OPERATOR_ROLE, governance);
        _members[governance] = Member({
            roles: Roles.OPERATOR,
            status: MemberStatus.Active,
            blacklisted: false,
            admittedAt: uint40(block.timestamp),
            orgId: orgId
        });
        emit MemberAdmitted(governance, orgId, Roles.OPERATOR, bytes32(0), governance);
    }

    /// @dev Operator rights need both the AccessControl role and an active membership.
    modifier onlyActiveOperator() {
        _checkRole(OPERATOR_ROLE);
        if (_members[msg.sender].status != MemberStatus.Active) revert MemberNotActive(msg.sender);
        _;
    }

    /// @inheritdoc IMemberRegistry
    function admit(address account, bytes32 orgId, uint16 roles, bytes32 kycRef) external onlyActiveOperator {
        if (account == address(0)) revert ZeroAddressMember();
        Member storage m = _members[account];
        if (m.status != MemberStatus.None) revert MemberAlreadyAdmitted(account);
        _validateRoles(account, roles);
        _syncOperatorRole(account, roles);
        m.roles = roles;
        m.status = MemberStatus.Active;
        m.admittedAt = uint40(block.timestamp);
        m.orgId = orgId;
        emit MemberAdmitted(account, orgId, roles, kycRef, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function setRoles(address account, uint16 roles) external onlyActiveOperator {
        Member storage m = _requireAdmitted(account);
        if (account == msg.sender && roles & Roles.OPERATOR == 0) revert CannotChangeSelf(account);
        _validateRoles(account, roles);
        _syncOperatorRole(account, roles);
        m.roles = roles;
        emit MemberRolesChanged(account, roles, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function suspend(address account, bytes32 reasonRef) external onlyActiveOperator {
        Member storage m = _requireAdmitted(account);
        if (account == msg.sender) revert CannotChangeSelf(account);
        if (m.status == MemberStatus.Suspended) revert MemberStatusUnchanged(account);
        m.status = MemberStatus.Suspended;
        emit MemberSuspended(account, reasonRef, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function reinstate(address account) external onlyActiveOperator {
        Member storage m = _requireAdmitted(account);
        if (m.status == MemberStatus.Active) revert MemberStatusUnchanged(account);
        m.status = MemberStatus.Active;
        emit MemberReinstated(account, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function setBlacklisted(address account, bool blacklisted, bytes32 reasonRef) external onlyActiveOperator {
        if (account == address(0)) revert ZeroAddressMember();
        if (account == msg.sender) revert CannotChangeSelf(account);
        Member storage m = _members[account];
        if (m.blacklisted == blacklisted) revert MemberStatusUnchanged(account);
        m.blacklisted = blacklisted;
        emit BlacklistChanged(account, blacklisted, reasonRef, msg.sender);
    }

    /// @inheritdoc IMemberRegistry
    function member(address account) external view returns (Member memory) {
        return _members[account];
    }

    /// @inheritdoc IMemberRegistry
    function memberState(address account) external view returns (uint16 roles, bool active, bool blacklisted) {
        Member storage m = _members[account];
        return (m.roles, m.status == MemberStatus.Active, m.blacklisted);
    }

    /// @inheritdoc IMemberRegistry
    function isActiveWithRole(address account, uint16 roles) external view returns (bool) {
        Member storage m = _members[account];
        return m.status == MemberStatus.Active && m.roles & roles != 0;
    }

    /// @notice AccessControl's grant, refused for OPERATOR_ROLE (see {OperatorRoleManagedByMembership}).
    function grantRole(bytes32 role, address account) public override {
        _refuseOperatorRole(role);
        super.grantRole(role, account);
    }

    /// @notice AccessControl's revoke, refused for OPERATOR_ROLE (see {OperatorRoleManagedByMembership}).
    function revokeRole(bytes32 role, address account) public override {
        _refuseOperatorRole(role);
        super.revokeRole(role, account);
    }

    /// @notice AccessControl's renounce, refused for OPERATOR_ROLE: an operator steps down through
    /// another operator's {setRoles}.
    function renounceRole(bytes32 role, address callerConfirmation) public override {
        _refuseOperatorRole(role);
        super.renounceRole(role, callerConfirmation);
    }

    function _refuseOperatorRole(bytes32 role) private pure {
        if (role == OPERATOR_ROLE) revert OperatorRoleManagedByMembership(role);
    }

    function _requireAdmitted(address account) private view returns (Member storage m) {
        m = _members[account];
        if (m.status == MemberStatus.None) revert MemberNotActive(account);
    }

    function _validateRoles(address account, uint16 roles) private view {
        if (roles == 0 || roles & ~Roles.ALL != 0) revert InvalidRoles(roles);
        if (roles & Roles.SYSTEM != 0 && account.code.length == 0) revert SystemRoleRequiresContract(account);
    }

    /// @dev Only governance (DEFAULT_ADMIN_ROLE) may make or unmake operators.
    function _syncOperatorRole(address account, uint16 roles) private {
        bool wantsOperator = roles & Roles.OPERATOR != 0;
        if (wantsOperator == hasRole(OPERATOR_ROLE, account)) return;
        _checkRole(DEFAULT_ADMIN_ROLE);
        if (wantsOperator) _grantRole(OPERATOR_ROLE, account);
        else _revokeRole(OPERATOR_ROLE, account);
    }
}
