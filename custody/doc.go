// Package custody owns the equipment and its paper trail (rules Art. 4, 5,
// 8, 20, 21): who holds which recorder (check-out, check-in, loss), the
// equipment register and its states, pre-use checks, the officers' signed
// sign-offs, and recorded violations of the rules and their decisions.
package custody
