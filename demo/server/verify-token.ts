import { timingSafeEqual } from 'node:crypto';
import { isRecord } from '../../src/is-record.js';
import { signSegment, type TokenClaims } from './issue-token.js';

/** Why a bearer was refused, or its claims. */
export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a JWT issued by `issueToken`: three base64url segments, header `alg: HS256`, a signature made
 * with `secret`, claims `sub`/`org`/`iat`/`exp` of the right types, `org` equal to `orgId`, and
 * `nowSeconds < exp`. Never throws.
 */
export function verifyToken(token: string, secret: Buffer, orgId: string, nowSeconds: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return { ok: false, reason: 'invalid' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(signSegment(`${header}.${payload}`, secret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const head = decodeSegment(header);
  const claims = decodeSegment(payload);
  if (!isRecord(head) || head['alg'] !== 'HS256' || !isClaims(claims) || claims.org !== orgId) return { ok: false, reason: 'invalid' };
  if (nowSeconds >= claims.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function isClaims(value: unknown): value is TokenClaims {
  return isRecord(value)
    && typeof value['sub'] === 'string'
    && typeof value['org'] === 'string'
    && Number.isFinite(value['iat'])
    && Number.isFinite(value['exp']);
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
