//go:build ignore

// gen_blocks writes blocks_amd64.s: the SM3 compression function over eight
// messages at once, message i in 32-bit lane i of the YMM registers. Two
// versions come from the one description below: AVX2, where a rotation is
// two shifts and an OR, and AVX-512 (VL), which rotates and mixes three
// inputs in one instruction each.
//
//	go run gen_blocks.go
package main

import (
	"bytes"
	"fmt"
	"math/bits"
	"os"
)

// W is kept on the stack: 68 expanded words, each one YMM of eight lanes.
const frame = 68 * 32

type gen struct {
	out    bytes.Buffer
	avx512 bool
}

func (g *gen) i(format string, a ...any) { fmt.Fprintf(&g.out, "\t"+format+"\n", a...) }

// rotl sets dst to src rotated left by n; tmp is clobbered on AVX2.
func (g *gen) rotl(n int, src, dst, tmp string) {
	if g.avx512 {
		g.i("VPROLD $%d, %s, %s", n, src, dst)
		return
	}
	g.i("VPSLLD $%d, %s, %s", n, src, tmp)
	g.i("VPSRLD $%d, %s, %s", 32-n, src, dst)
	g.i("VPOR %s, %s, %s", tmp, dst, dst)
}

// xor3 sets dst to x^y^z.
func (g *gen) xor3(x, y, z, dst string) {
	g.i("VPXOR %s, %s, %s", y, x, dst)
	g.i("VPXOR %s, %s, %s", z, dst, dst)
}

// ternary sets dst to the function of x, y and z whose truth table is imm,
// on AVX-512; elsewhere it reports false and the caller spells it out.
func (g *gen) ternary(imm int, x, y, z, dst string) bool {
	if !g.avx512 {
		return false
	}
	g.i("VMOVDQU %s, %s", x, dst)
	g.i("VPTERNLOGD $0x%02x, %s, %s, %s", imm, z, y, dst)
	return true
}

// maj sets dst to (x&y)|(x&z)|(y&z), SM3's FF for rounds 16 to 63.
func (g *gen) maj(x, y, z, dst, tmp string) {
	if g.ternary(0xe8, x, y, z, dst) {
		return
	}
	g.i("VPAND %s, %s, %s", y, x, dst)
	g.i("VPOR %s, %s, %s", y, x, tmp)
	g.i("VPAND %s, %s, %s", z, tmp, tmp)
	g.i("VPOR %s, %s, %s", tmp, dst, dst)
}

// choose sets dst to (x&y)|(^x&z), SM3's GG for rounds 16 to 63.
func (g *gen) choose(x, y, z, dst string) {
	if g.ternary(0xca, x, y, z, dst) {
		return
	}
	g.i("VPXOR %s, %s, %s", z, y, dst)
	g.i("VPAND %s, %s, %s", x, dst, dst)
	g.i("VPXOR %s, %s, %s", z, dst, dst)
}

// xorInto sets x to x^y^z.
func (g *gen) xorInto(x, y, z string) {
	if g.avx512 {
		g.i("VPTERNLOGD $0x96, %s, %s, %s", z, y, x)
		return
	}
	g.i("VPXOR %s, %s, %s", y, x, x)
	g.i("VPXOR %s, %s, %s", z, x, x)
}

// transpose loads eight bytes-swapped words at off from each lane's block
// and stores them as W[first] to W[first+7], lane i of each from message i.
func (g *gen) transpose(off, first int) {
	ptrs := []string{"R8", "R9", "R10", "R11", "R12", "R13", "AX", "BX"}
	for i, p := range ptrs {
		g.i("VMOVDQU %d(%s), Y%d", off, p, i)
		g.i("VPSHUFB flip<>(SB), Y%d, Y%d", i, i)
	}
	// Pairs of lanes interleaved by dword, then by qword, then halves swapped.
	for k := 0; k < 4; k++ {
		g.i("VPUNPCKLDQ Y%d, Y%d, Y%d", 2*k+1, 2*k, 8+2*k)
		g.i("VPUNPCKHDQ Y%d, Y%d, Y%d", 2*k+1, 2*k, 9+2*k)
	}
	// t0..t7 are Y8..Y15; u0..u7 go to Y0..Y7.
	g.i("VPUNPCKLQDQ Y10, Y8, Y0")
	g.i("VPUNPCKHQDQ Y10, Y8, Y1")
	g.i("VPUNPCKLQDQ Y11, Y9, Y2")
	g.i("VPUNPCKHQDQ Y11, Y9, Y3")
	g.i("VPUNPCKLQDQ Y14, Y12, Y4")
	g.i("VPUNPCKHQDQ Y14, Y12, Y5")
	g.i("VPUNPCKLQDQ Y15, Y13, Y6")
	g.i("VPUNPCKHQDQ Y15, Y13, Y7")
	for k := 0; k < 4; k++ {
		g.i("VPERM2I128 $0x20, Y%d, Y%d, Y8", 4+k, k)
		g.i("VMOVDQU Y8, %d(SP)", (first+k)*32)
		g.i("VPERM2I128 $0x31, Y%d, Y%d, Y9", 4+k, k)
		g.i("VMOVDQU Y9, %d(SP)", (first+k+4)*32)
	}
}

// expand computes W[j] for j in 16..67.
func (g *gen) expand(j int) {
	w := func(k int) string { return fmt.Sprintf("%d(SP)", k*32) }
	g.i("VMOVDQU %s, Y8", w(j-3))
	g.rotl(15, "Y8", "Y8", "Y9")
	g.i("VPXOR %s, Y8, Y8", w(j-16))
	g.i("VPXOR %s, Y8, Y8", w(j-9))
	// P1(x) = x ^ x<<<15 ^ x<<<23
	g.rotl(15, "Y8", "Y9", "Y10")
	g.rotl(23, "Y8", "Y10", "Y11")
	g.xorInto("Y8", "Y9", "Y10")
	g.i("VMOVDQU %s, Y9", w(j-13))
	g.rotl(7, "Y9", "Y9", "Y10")
	g.i("VPXOR %s, Y9, Y9", w(j-6))
	g.i("VPXOR Y9, Y8, Y8")
	g.i("VMOVDQU Y8, %s", w(j))
}

// round is SM3 round j with the state in registers a..h. The new A is left
// in d and the new E in h; b and f are rotated in place, so the next round
// takes (d, a, b, c, h, e, f, g).
func (g *gen) round(j int, a, b, c, d, e, f, gg, h string) {
	g.rotl(12, a, "Y8", "Y9") // A<<<12
	g.i("VPBROADCASTD %d(SI), Y9", j*4)
	g.i("VPADDD Y8, Y9, Y9")
	g.i("VPADDD %s, Y9, Y9", e)
	g.rotl(7, "Y9", "Y9", "Y10") // SS1
	g.i("VPXOR Y9, Y8, Y8")      // SS2
	g.i("VMOVDQU %d(SP), Y10", j*32)
	g.i("VPADDD Y10, %s, %s", h, h)
	g.i("VPADDD Y9, %s, %s", h, h)
	g.i("VPXOR %d(SP), Y10, Y10", (j+4)*32) // W'[j]
	g.i("VPADDD Y10, %s, %s", d, d)
	g.i("VPADDD Y8, %s, %s", d, d)
	if j < 16 {
		g.xor3(a, b, c, "Y11")
	} else {
		g.maj(a, b, c, "Y11", "Y12")
	}
	g.i("VPADDD Y11, %s, %s", d, d) // TT1
	if j < 16 {
		g.xor3(e, f, gg, "Y11")
	} else {
		g.choose(e, f, gg, "Y11")
	}
	g.i("VPADDD Y11, %s, %s", h, h) // TT2
	g.rotl(9, b, b, "Y12")
	g.rotl(19, f, f, "Y12")
	// P0(x) = x ^ x<<<9 ^ x<<<17
	g.rotl(9, h, "Y11", "Y12")
	g.rotl(17, h, "Y12", "Y13")
	g.xorInto(h, "Y11", "Y12")
}

func (g *gen) function(name string) {
	fmt.Fprintf(&g.out, "// func %s(h *[8][8]uint32, p *[8]*byte, n int)\n", name)
	fmt.Fprintf(&g.out, "TEXT ·%s(SB), 0, $%d-24\n", name, frame)
	g.i("MOVQ h+0(FP), DI")
	g.i("MOVQ p+8(FP), SI")
	g.i("MOVQ n+16(FP), CX")
	for i, r := range []string{"R8", "R9", "R10", "R11", "R12", "R13", "AX", "BX"} {
		g.i("MOVQ %d(SI), %s", i*8, r)
	}
	g.i("LEAQ tj<>(SB), SI")
	g.i("TESTQ CX, CX")
	g.i("JZ done")
	fmt.Fprintf(&g.out, "loop:\n")
	g.transpose(0, 0)
	g.transpose(32, 8)
	for j := 16; j < 68; j++ {
		g.expand(j)
	}
	for k := 0; k < 8; k++ {
		g.i("VMOVDQU %d(DI), Y%d", k*32, k)
	}
	r := []string{"Y0", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"}
	for j := 0; j < 64; j++ {
		g.round(j, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
		r = []string{r[3], r[0], r[1], r[2], r[7], r[4], r[5], r[6]}
	}
	for k := 0; k < 8; k++ {
		g.i("VPXOR %d(DI), Y%d, Y%d", k*32, k, k)
		g.i("VMOVDQU Y%d, %d(DI)", k, k*32)
	}
	for _, p := range []string{"R8", "R9", "R10", "R11", "R12", "R13", "AX", "BX"} {
		g.i("ADDQ $64, %s", p)
	}
	g.i("DECQ CX")
	g.i("JNZ loop")
	fmt.Fprintf(&g.out, "done:\n")
	g.i("VZEROUPPER")
	g.i("RET")
	fmt.Fprintln(&g.out)
}

func main() {
	g := &gen{}
	g.out.WriteString("// Code generated by gen_blocks.go; DO NOT EDIT.\n\n#include \"textflag.h\"\n\n")
	// flip reverses the bytes of each 32-bit word: SM3 words are big-endian.
	g.out.WriteString("DATA flip<>+0(SB)/8, $0x0405060700010203\n")
	g.out.WriteString("DATA flip<>+8(SB)/8, $0x0c0d0e0f08090a0b\n")
	g.out.WriteString("DATA flip<>+16(SB)/8, $0x0405060700010203\n")
	g.out.WriteString("DATA flip<>+24(SB)/8, $0x0c0d0e0f08090a0b\n")
	g.out.WriteString("GLOBL flip<>(SB), RODATA|NOPTR, $32\n\n")
	// tj holds T_j <<< (j mod 32), the constant added in round j.
	for j := 0; j < 64; j++ {
		t := uint32(0x79cc4519)
		if j >= 16 {
			t = 0x7a879d8a
		}
		fmt.Fprintf(&g.out, "DATA tj<>+%d(SB)/4, $0x%08x\n", j*4, bits.RotateLeft32(t, j%32))
	}
	g.out.WriteString("GLOBL tj<>(SB), RODATA|NOPTR, $256\n\n")
	g.function("blocks8AVX2")
	g.avx512 = true
	g.function("blocks8AVX512")
	if err := os.WriteFile("blocks_amd64.s", g.out.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
