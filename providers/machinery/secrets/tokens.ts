/** Random values of the secrets bundle, in the formats talosctl produces. */
import { randomBytes } from 'node:crypto';

const TOKEN_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
// 256 is not a multiple of 36: bytes from 252 up are discarded so every character is equally likely.
const TOKEN_BYTE_LIMIT = 252;

/** kubeadm-style token `[0-9a-z]{6}.[0-9a-z]{16}` (bootstrap token, trustd token). */
export const TOKEN_PATTERN = /^[0-9a-z]{6}\.[0-9a-z]{16}$/;

function randomTokenPart(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= TOKEN_BYTE_LIMIT) continue;
      out += TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateToken(): string {
  return `${randomTokenPart(6)}.${randomTokenPart(16)}`;
}

/** 32 random bytes, URL-safe base64 with padding (44 characters): cluster.id. */
export function generateClusterId(): string {
  return randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** 32 random bytes, standard base64 (44 characters): cluster.secret and the encryption secrets. */
export function generateSecret32(): string {
  return randomBytes(32).toString('base64');
}
