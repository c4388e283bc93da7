// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IMemberRegistry
/// @notice The consortium's membership: who is admitted, with which roles, whether suspended or
/// blacklisted. Every other contract of the protocol asks it before an account may act, hold or
/// receive an asset. The errors declared here are the ones every protocol contract reverts with when
/// a membership check fails.
interface IMemberRegistry {
    /// @notice Lifecycle of a member.
    enum MemberStatus {
        None,
        Active,
        Suspended
    }

    /// @notice A member's record. `roles` is a mask of {Roles}.
    struct Member {
        uint16 roles;
        MemberStatus status;
        bool blacklisted;
        uint40 admittedAt;
        bytes32 orgId;
    }

    /// @notice `account` is not an admitted, non-suspended member.
    error MemberNotActive(address account);
    /// @notice `account` holds none of the roles in `roles`.
    error MemberLacksRole(address account, uint16 roles);
    /// @notice `account` is on the consortium blacklist and cannot start new financing.
    error MemberBlacklisted(address account);
    /// @notice `account` was admitted already.
    error MemberAlreadyAdmitted(address account);
    /// @notice `roles` is empty or has bits that are not roles.
    error InvalidRoles(uint16 roles);
    /// @notice The zero address cannot be a member.
    error ZeroAddressMember();
    /// @notice The SYSTEM role can only be given to a contract, `account` has no code.
    error SystemRoleRequiresContract(address account);
    /// @notice `account` is already in the state the call asks for (suspended, active, blacklisted...).
    error MemberStatusUnchanged(address account);
    /// @notice The caller would remove its own operator rights or suspend itself.
    error CannotChangeSelf(address account);
    /// @notice `role` (OPERATOR_ROLE) follows a member's OPERATOR role bit: grant or revoke it with
    /// {admit} or {setRoles}, never directly, so the member record and the access role never drift.
    error OperatorRoleManagedByMembership(bytes32 role);

    /// @notice An organisation account was admitted after KYC.
    event MemberAdmitted(
        address indexed account,
        bytes32 indexed orgId,
        uint16 roles,
        bytes32 kycRef,
        address operator
    );
    /// @notice A member's roles were replaced by `roles`.
    event MemberRolesChanged(address indexed account, uint16 roles, address operator);
    /// @notice A member was suspended; it can no longer act, hold or receive assets.
    event MemberSuspended(address indexed account, bytes32 reasonRef, address operator);
    /// @notice A suspended member was reinstated.
    event MemberReinstated(address indexed account, address operator);
    /// @notice `account` was put on (`blacklisted` true) or taken off the blacklist.
    event BlacklistChanged(address indexed account, bool blacklisted, bytes32 reasonRef, address operator);

    /// @notice Admits `account` for organisation `orgId` with the roles of mask `roles`.
    /// @dev Operator only. Giving the OPERATOR role needs the registry's DEFAULT_ADMIN_ROLE.
    /// @param kycRef Reference (hash) of the KYC file kept off chain.
    function admit(address account, bytes32 orgId, uint16 roles, bytes32 kycRef) external;

    /// @notice Replaces the roles of an admitted member.
    /// @dev Operator only; adding or removing OPERATOR needs DEFAULT_ADMIN_ROLE.
    function setRoles(address account, uint16 roles) external;

    /// @notice Suspends an active member. Operator only.
    function suspend(address account, bytes32 reasonRef) external;

    /// @notice Reinstates a suspended member. Operator only.
    function reinstate(address account) external;

    /// @notice Puts any address on the shared blacklist, or takes it off. Operator only.
    function setBlacklisted(address account, bool blacklisted, bytes32 reasonRef) external;

    /// @notice The record of `account` (all zero when never admitted).
    function member(address account) external view returns (Member memory);

    /// @notice Roles, whether the account is admitted and not suspended, and whether blacklisted,
    /// read from one storage slot: the call every protocol contract makes.
    function memberState(address account) external view returns (uint16 roles, bool active, bool blacklisted);

    /// @notice True when `account` is an admitted, non-suspended member holding any role of `roles`.
    function isActiveWithRole(address account, uint16 roles) external view returns (bool);
}
