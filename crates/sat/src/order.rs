//! Which variable to decide next (VSIDS activities on a binary max-heap) and when to
//! restart (the Luby sequence).

/// The Luby restart sequence 1, 1, 2, 1, 1, 2, 4, ...
pub(crate) fn luby(mut i: u32) -> u64 {
    let mut size = 1u64;
    let mut seq = 0u32;
    while size < u64::from(i) + 1 {
        seq += 1;
        size = 2 * size + 1;
    }
    let mut x = 1u64 << seq;
    while size - 1 != u64::from(i) {
        size = (size - 1) >> 1;
        seq -= 1;
        x >>= 1;
        if u64::from(i) >= size {
            i -= size as u32;
        }
    }
    let _ = seq;
    x
}

/// A binary max-heap of variables keyed by activity.
#[derive(Clone, Debug, Default)]
pub(crate) struct Heap {
    items: Vec<u32>,
    pos: Vec<u32>,
}

const NOT_IN_HEAP: u32 = u32::MAX;

impl Heap {
    pub(crate) fn contains(&self, v: u32) -> bool {
        self.pos.get(v as usize).is_some_and(|&p| p != NOT_IN_HEAP)
    }

    pub(crate) fn insert(&mut self, v: u32, act: &[f64]) {
        if self.pos.len() <= v as usize {
            self.pos.resize(v as usize + 1, NOT_IN_HEAP);
        }
        self.pos[v as usize] = self.items.len() as u32;
        self.items.push(v);
        self.up(self.items.len() - 1, act);
    }

    pub(crate) fn increased(&mut self, v: u32, act: &[f64]) {
        if self.contains(v) {
            self.up(self.pos[v as usize] as usize, act);
        }
    }

    pub(crate) fn remove(&mut self, v: u32, act: &[f64]) {
        if !self.contains(v) {
            return;
        }
        let i = self.pos[v as usize] as usize;
        let last = self.items.pop().expect("non-empty");
        self.pos[v as usize] = NOT_IN_HEAP;
        if i < self.items.len() {
            self.items[i] = last;
            self.pos[last as usize] = i as u32;
            self.up(i, act);
            let j = self.pos[last as usize] as usize;
            self.down(j, act);
        }
    }

    pub(crate) fn pop(&mut self, act: &[f64]) -> Option<u32> {
        let top = *self.items.first()?;
        let last = self.items.pop().expect("non-empty");
        self.pos[top as usize] = NOT_IN_HEAP;
        if !self.items.is_empty() {
            self.items[0] = last;
            self.pos[last as usize] = 0;
            self.down(0, act);
        }
        Some(top)
    }

    pub(crate) fn up(&mut self, mut i: usize, act: &[f64]) {
        let v = self.items[i];
        while i > 0 {
            let parent = (i - 1) / 2;
            if act[self.items[parent] as usize] >= act[v as usize] {
                break;
            }
            self.items[i] = self.items[parent];
            self.pos[self.items[i] as usize] = i as u32;
            i = parent;
        }
        self.items[i] = v;
        self.pos[v as usize] = i as u32;
    }

    pub(crate) fn down(&mut self, mut i: usize, act: &[f64]) {
        let v = self.items[i];
        loop {
            let l = 2 * i + 1;
            if l >= self.items.len() {
                break;
            }
            let r = l + 1;
            let c = if r < self.items.len()
                && act[self.items[r] as usize] > act[self.items[l] as usize]
            {
                r
            } else {
                l
            };
            if act[self.items[c] as usize] <= act[v as usize] {
                break;
            }
            self.items[i] = self.items[c];
            self.pos[self.items[i] as usize] = i as u32;
            i = c;
        }
        self.items[i] = v;
        self.pos[v as usize] = i as u32;
    }
}
