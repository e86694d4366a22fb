//! The node layout the linear passes rely on: nodes numbered level by level, the deepest level
//! first (so children still come before their parents), each level's nodes one range of ids and
//! their children one run of the flat child array. A pass then walks a level with its domain
//! size and restriction fixed, reading nodes and children in memory order.
//!
//! Edges that skip levels (the skipped levels are free along them) are listed apart: the
//! top-down pass needs a child's level only for those, so it never reads the level of a child
//! it follows.

use std::ops::Range;

use super::{NodeId, FALSE, TRUE};

/// An edge that skips levels: child `value` of `node` lies at level `to`, more than one below
/// the node's own level `from`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Skip {
    pub node: NodeId,
    pub from: u32,
    pub value: u32,
    pub to: u32,
}

/// Where each level's nodes are, and the edges that skip levels.
#[derive(Clone, Debug, Default)]
pub(super) struct Layout {
    /// The ids of the nodes of each level.
    pub nodes: Vec<Range<u32>>,
    /// Edges to a non-FALSE child more than one level down (TRUE lies below the last level),
    /// in decreasing order of their node.
    pub skips: Vec<Skip>,
}

/// A diagram's nodes: their levels, where their children start, the flat children, the root.
pub(super) struct Nodes {
    pub level: Vec<u32>,
    pub first: Vec<u32>,
    pub children: Vec<NodeId>,
    pub root: NodeId,
}

/// `nodes` (children before parents) renumbered level by level, deepest first, keeping their
/// order within a level, with the layout of the result. Levels of terminals are
/// `domains.len()`.
pub(super) fn by_level(domains: &[u32], nodes: Nodes) -> (Nodes, Layout) {
    let levels = domains.len();
    let n = nodes.level.len();
    // Count the nodes of each level, then give every level its range, deepest first.
    let mut count = vec![0u32; levels + 1];
    for &l in &nodes.level[2.min(n)..] {
        count[l as usize] += 1;
    }
    let mut ranges = vec![0..0; levels];
    let mut next = 2u32;
    for l in (0..levels).rev() {
        ranges[l] = next..next + count[l];
        next += count[l];
    }
    let mut new_id = vec![FALSE; n];
    if n > 1 {
        new_id[TRUE as usize] = TRUE;
    }
    let mut fill: Vec<u32> = ranges.iter().map(|r| r.start).collect();
    for (id, &l) in new_id.iter_mut().zip(&nodes.level).skip(2) {
        *id = fill[l as usize];
        fill[l as usize] += 1;
    }
    let mut old_of = vec![0u32; n];
    for (u, &id) in new_id.iter().enumerate().skip(2) {
        old_of[id as usize] = u as u32;
    }
    let terminal = levels as u32;
    let mut out = Nodes {
        level: vec![terminal; 2.min(n)],
        first: vec![0; 2.min(n)],
        children: Vec::with_capacity(nodes.children.len()),
        root: new_id[nodes.root as usize],
    };
    let mut skips = Vec::new();
    for &old in &old_of[2.min(n)..] {
        let (l, f) = (
            nodes.level[old as usize],
            nodes.first[old as usize] as usize,
        );
        out.level.push(l);
        out.first.push(out.children.len() as u32);
        let d = domains[l as usize] as usize;
        out.children
            .extend(nodes.children[f..f + d].iter().map(|&k| new_id[k as usize]));
    }
    for u in (2..n).rev() {
        let (l, f) = (out.level[u], out.first[u] as usize);
        for (v, &k) in out.children[f..f + domains[l as usize] as usize]
            .iter()
            .enumerate()
        {
            let to = out.level[k as usize];
            if k != FALSE && to > l + 1 {
                skips.push(Skip {
                    node: u as NodeId,
                    from: l,
                    value: v as u32,
                    to,
                });
            }
        }
    }
    debug_assert!(out.children.iter().all(|&k| k < n as u32));
    (
        out,
        Layout {
            nodes: ranges,
            skips,
        },
    )
}
