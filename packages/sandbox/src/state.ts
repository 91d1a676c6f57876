import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One line of a user's cart (added through the Taobao cart calls, listed by the 1688 one). */
export interface CartLine {
  id: number;
  userId: string;
  itemId: string;
  skuId: string | null;
  mpId: string;
  mpSkuId: string;
  itemTitle: string;
  itemPic: string;
  /** Unit price in fen (hundredths of a yuan), as the Taobao cart call sends it. */
  priceFen: number;
  quantity: number;
  shopId: string;
  shopName: string;
  properties: string | null;
  stock: number;
  addedAt: string;
}

export interface OrderLine {
  /** Line id, what refunds call `orderEntryIds`. */
  entryId: number;
  offerId: string;
  specId: string;
  title: string;
  imageUrl: string;
  sellerOpenId: string;
  unitPriceFen: number;
  quantity: number;
}

export interface OrderAddress {
  fullName: string | null;
  mobile: string | null;
  phone: string | null;
  postCode: string | null;
  provinceText: string | null;
  cityText: string | null;
  areaText: string | null;
  townText: string | null;
  address: string | null;
}

/** 1688's order status values: awaiting payment, paid (awaiting shipment), cancelled. */
export type OrderStatus = 'waitbuyerpay' | 'waitsellersend' | 'cancel';

export interface Order {
  /** 19 digits like real 1688 order ids: larger than 2^53, always handled as a string here. */
  orderId: string;
  userId: string;
  /** The developer account that created it: callbacks about it are signed with its secret. */
  accessKey: string;
  status: OrderStatus;
  lines: OrderLine[];
  productAmountFen: number;
  shippingFeeFen: number;
  totalAmountFen: number;
  address: OrderAddress;
  message: string | null;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface Refund {
  id: number;
  /** "TQ" + digits, the shape the docs give 1688 refund numbers. */
  refundId: string;
  orderId: string;
  userId: string;
  status: 'waitselleragree';
  disputeRequest: string;
  applyPayment: number;
  applyCarriage: number;
  applyReasonId: number;
  description: string;
  goodsStatus: string;
  orderEntryIds: number[];
  vouchers: string[];
  createdAt: string;
}

export interface Address {
  id: number;
  userId: string;
  name: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Everything the sandbox remembers between calls; what `stateFile` holds. */
export interface SandboxState {
  version: 1;
  /** Last id handed out; every id (cart line, order line, address, refund) is drawn from it. */
  sequence: number;
  cartLines: CartLine[];
  orders: Order[];
  refunds: Refund[];
  addresses: Address[];
}

export function emptyState(): SandboxState {
  return { version: 1, sequence: 0, cartLines: [], orders: [], refunds: [], addresses: [] };
}

/** In-memory state, written through to `file` (atomically, by rename) after every change. */
export class StateStore {
  #state: SandboxState;
  readonly #file: string | undefined;

  constructor(file?: string) {
    this.#file = file;
    this.#state = file && existsSync(file) ? readStateFile(file) : emptyState();
  }

  /** The live state: flows mutate it, then call `commit()`. */
  get current(): SandboxState {
    return this.#state;
  }

  nextId(): number {
    this.#state.sequence += 1;
    return this.#state.sequence;
  }

  commit(): void {
    if (!this.#file) return;
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.#state, null, 2)}\n`);
    renameSync(temporary, this.#file);
  }

  snapshot(): SandboxState {
    return structuredClone(this.#state);
  }

  reset(): void {
    this.#state = emptyState();
    this.commit();
  }
}

function readStateFile(file: string): SandboxState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`stateFile ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const candidate = parsed as Partial<SandboxState> | null;
  const lists = ['cartLines', 'orders', 'refunds', 'addresses'] as const;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.version !== 1 ||
    typeof candidate.sequence !== 'number' ||
    lists.some((list) => !Array.isArray(candidate[list]))
  ) {
    throw new Error(
      `stateFile ${file} is not a sandbox state file (expected version 1 with sequence, ${lists.join(', ')})`,
    );
  }
  return candidate as SandboxState;
}
