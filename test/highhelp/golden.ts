/** Worked examples (ours, not HighHelp's) and the values derived from them. */

export const EXAMPLE_A = {
  general: { project_id: "57aff4db-b45d-42bf-bc5f-b7a499a01782", payment_id: "ORD-1" },
  payment: { amount: 10000, currency: "KZT", method: "card-p2p" },
  customer: { id: "cus_1", country: "KZ" },
};

export const EXAMPLE_A_NORMALISED =
  "customer:country:KZ;customer:id:cus_1;general:payment_id:ORD-1;general:project_id:57aff4db-b45d-42bf-bc5f-b7a499a01782;payment:amount:10000;payment:currency:KZT;payment:method:card-p2p";

export const EXAMPLE_B = {
  project_id: "p-1",
  general: { request_id: "r-9", payment_id: "ORD-7" },
  status: { status: "processing", sub_status: "awaiting_confirm", status_description: null },
  additional_info: {
    display_data: [
      { type: "add_info", title: "amount", data: 10000 },
      { type: "add_info", title: "bank_name", data: "Банк" },
    ],
  },
  flags: { is_test: true },
  extra: {},
  list: [],
};

export const EXAMPLE_B_NORMALISED =
  "additional_info:display_data:0:data:10000;additional_info:display_data:0:title:amount;additional_info:display_data:0:type:add_info;additional_info:display_data:1:data:Банк;additional_info:display_data:1:title:bank_name;additional_info:display_data:1:type:add_info;flags:is_test:1;general:payment_id:ORD-7;general:request_id:r-9;project_id:p-1;status:status:processing;status:status_description:None;status:sub_status:awaiting_confirm";

export const EXAMPLE_TIMESTAMP = 1706182847;

/** 184 bytes in, 246 characters out, no padding. */
export const EXAMPLE_A_BASE64URL =
  "Y3VzdG9tZXI6Y291bnRyeTpLWjtjdXN0b21lcjppZDpjdXNfMTtnZW5lcmFsOnBheW1lbnRfaWQ6T1JELTE7Z2VuZXJhbDpwcm9qZWN0X2lkOjU3YWZmNGRiLWI0NWQtNDJiZi1iYzVmLWI3YTQ5OWEwMTc4MjtwYXltZW50OmFtb3VudDoxMDAwMDtwYXltZW50OmN1cnJlbmN5OktaVDtwYXltZW50Om1ldGhvZDpjYXJkLXAycA";

/** SHA-256 of (Base64Url text + "1706182847"). */
export const EXAMPLE_A_MESSAGE_SHA256 = "1a7976e408f43d44ffe2323c18af5b0af00e67338ec67ef5f7d22c3817d6c131";

/**
 * Signatures of Example A at EXAMPLE_TIMESTAMP, computed once with bare node:crypto (PKCS#1 v1.5)
 * by the key whose public half is golden-merchant.public.pem (the private half was discarded):
 * Base64Url without padding. They verify only over this exact message.
 */
export const EXAMPLE_A_SIGNATURE_DOUBLE =
  "cIwO9A900Pr9RoiO6aymKG6c2Z-SUA5HSCFKUs3MiHdwMQnt-wrJpqkxF0YJk4RVbPQIEq6e-uYcfRQBf0wk9NR_oWYdVIucILvECMjUEh8fM3OhR7I6sdTDjgH70qMneQQSaLn7_0l3VlAZuSqicnEsNDGHXjUUlwzY6BEqTWkw441RJlfLSzs5sKWXXndidueUx_502s5u2_-0ZecartE9nmB9vGcrcrRJWGvUsWUE4VIRiQZMWnVeHhQcSDcMC94HMYF9nmwIIa9h3TgL6CfboB2Y_R3F-z3HT1wvT0Lec9gj2yXZNmNH1oZpEDLjXIRD3B5SVmkxrpSNCc--nQ";
export const EXAMPLE_A_SIGNATURE_SINGLE =
  "QzolXKJFReGgjLBGBsaqHhyI5s6JgjnkfxNnm-YJGJhtlwyLU9FEKGt7UDrCFtikM6FXLMkD61HZFwxJHo9fvelkkXZCNzOnBKZGGVhMOFrL5aiKqEXqHwryKzi1zvsOrLR5-eQGyGEJuyWBbjPQ-a_1Vt9yhSko2vlgdAUrfM5qEQf18cCP_2bNKlxABv0xeiXgis4PLp-l4jrApmGUGZ4V584_vlSxQrZ1bYpJn7xieaCNsu3WtXKpnC8jy-ye-Ec3lLx7M6TodUAS3_G_Bh-gW2bajs1H9QMs5ih5Ig0hYsO94EYHMy2uF9vrHc10t2gEI1k4f-FLynqxx_mjog";
/** HMAC-SHA512 of Example A's message with TEST_HMAC_SECRET, Base64Url without padding. */
export const EXAMPLE_A_HMAC = "unTPJDzfxLYELLte_slpJjmiSJF8z7hvU01_D7IboSUbaSNiAGkKZRSSJv_C-dqztjnvXwzoIzxIRZ3bwhXnxQ";
/** x-access-token of golden-merchant.public.pem: Base64Url of the SPKI DER. */
export const GOLDEN_ACCESS_TOKEN =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtb8syMNbah3ou6NZLkHf5inCMVVdbJ8tLoZSwXsiOFdh585nHN5Z1QLHGwtTP9kD9M_qZGoZh-HlqUdj6zF8FO1KgbbFNMWeq8GVHqNPoOdvWv_7sUfrfzCbOzjd4ujPyn9PZ6MO2EEaNLO-IESO7PYud5gXI3o4gPOltkyNU4ETHWLxE2zfIOZIczBn1Io9h1SgRJJtvm-LR8yMlCy7iA88PySHeG051THilY_5UyXBkrLIj5PrqN0T_Ipq1qadWOAvAAevcJXpuCPrP43Z2lxqiw6bQhdfxOSFdjok1CjM2QU1Jq9gXSQZ5ZXTRZQZl5Q7X7en3b1vVhMgwJbmvQIDAQAB";

/** Example B (normalised length ≡ 2 mod 3: padding matters). */
export const EXAMPLE_B_BASE64URL =
  "YWRkaXRpb25hbF9pbmZvOmRpc3BsYXlfZGF0YTowOmRhdGE6MTAwMDA7YWRkaXRpb25hbF9pbmZvOmRpc3BsYXlfZGF0YTowOnRpdGxlOmFtb3VudDthZGRpdGlvbmFsX2luZm86ZGlzcGxheV9kYXRhOjA6dHlwZTphZGRfaW5mbzthZGRpdGlvbmFsX2luZm86ZGlzcGxheV9kYXRhOjE6ZGF0YTrQkdCw0L3QujthZGRpdGlvbmFsX2luZm86ZGlzcGxheV9kYXRhOjE6dGl0bGU6YmFua19uYW1lO2FkZGl0aW9uYWxfaW5mbzpkaXNwbGF5X2RhdGE6MTp0eXBlOmFkZF9pbmZvO2ZsYWdzOmlzX3Rlc3Q6MTtnZW5lcmFsOnBheW1lbnRfaWQ6T1JELTc7Z2VuZXJhbDpyZXF1ZXN0X2lkOnItOTtwcm9qZWN0X2lkOnAtMTtzdGF0dXM6c3RhdHVzOnByb2Nlc3Npbmc7c3RhdHVzOnN0YXR1c19kZXNjcmlwdGlvbjpOb25lO3N0YXR1czpzdWJfc3RhdHVzOmF3YWl0aW5nX2NvbmZpcm0";
export const EXAMPLE_B_MESSAGE_SHA256 = "c64608b86e31190a821409ab935e541e65d429fa0c8f39529d561c04a0c52d54";
export const EXAMPLE_B_SIGNATURE_DOUBLE =
  "hZNXLqyYSqDB6fhuOuaST7xMOkMCQ4Wh3qnIZ3-i7pl_3T56U20Rzm3HNCbGJ3hNmVZrD_AKYXD5cfCTR1Y8lULQGYF0-p5saBl1Zi4jl7H4r38XFy5caxnFgpKLVya53KUEiAlr0J0dfPFbTRX7vojFcZASnn1AMV5yM_w79L4UmqjWKn_lPfPLbADjqNcqVLe2V3JfkKoo-7eznflSnbJcSazWWZJiCBFN9y6HbOYW9H9sXWNb-U8PDcWYpZ05UDdZGDt0WRijdATjmuz25jX9-THViN8V8klQCYhAyAXiUX0Y1gzTkLfsv1VATKSKx0mtMQcjmXoUMvf8BTeT6w";
