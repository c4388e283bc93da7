// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/**
 * @title ReferenceERC721
 * @notice TEST-ONLY reference contract for the gas benchmark (`npm run bench:gas`): a plain OpenZeppelin
 * Contracts 5 ERC-721 whose mint and transfer costs are the yardstick for the consortium's own tokens.
 * @dev `mint` has NO access control on purpose (anyone can mint any id to anyone), so that the benchmark
 * measures the bare ERC-721 bookkeeping and nothing else. Never deploy this contract to a real chain.
 */
contract ReferenceERC721 is ERC721 {
    constructor() ERC721("Reference ERC-721", "REF721") {}

    /**
     * @notice Mints `tokenId` to `to`. Unrestricted: test-only, see the contract documentation.
     * @dev Uses `_mint`, not `_safeMint`: no receiver callback, the cheapest typical mint.
     * @param to Recipient of the new token; must not be the zero address.
     * @param tokenId Id of the new token; must not exist yet.
     */
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
