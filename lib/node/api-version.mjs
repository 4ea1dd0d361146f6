/** Sanity's API version, pinned so query semantics never change under us: the site, the Studio and its tools use this one. */
export const SANITY_API_VERSION = '2025-10-01'
