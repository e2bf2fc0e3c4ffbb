// Generated from docs/openapi/reports.json by `npm run generate`: do not edit.

export interface paths {
    "/reports/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every campaign’s totals over a range
         * @description Every campaign with activity in the range, with its bids, impressions, clicks, spend, win rate and CTR, sorted and paged, and the totals over all of them. Read from per-day rollups the reports writer keeps: one DynamoDB Query per day and shard, never a scan. The freshness canary’s campaign is left out.
         */
        get: operations["listCampaigns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/campaigns/{campaign_item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A campaign's counts
         * @description A campaign's bids, impressions, clicks and spend: totals over the range, and one page of buckets, oldest first. An unknown campaign answers zero totals and no buckets. Reads are DynamoDB Queries, never scans.
         */
        get: operations["getCampaignReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A refused or failed request. `errors` lists every problem of a bad request. */
        Error: {
            /** @description What went wrong, in one sentence. */
            message: string;
            errors?: components["schemas"]["ValidationIssue"][];
        };
        /** @description One problem with the request; every problem is listed (up to 50). */
        ValidationIssue: {
            /** @description The record's position in a batch; null when the problem is with the body or a single record. */
            index: number | null;
            /** @description The field or parameter at fault; empty for the body as a whole. */
            path: string;
            /** @description What is wrong. */
            message: string;
        };
        /** @description Counts of a campaign over a range or a bucket. */
        Counts: {
            /** @description Distinct bids. */
            bids: number;
            /** @description Distinct impressions joined to their bid within the attribution window. */
            impressions: number;
            /** @description Distinct clicks joined to a counted impression within the click window. */
            clicks: number;
            /** @description Sum of the impressions’ clearing prices, in micro-units of the account currency. */
            spend: number;
        };
        /** @description Counts of one bucket. */
        PeriodCounts: {
            /** @description Start of the bucket, ISO-8601 UTC. */
            period: string;
            /** @description Distinct bids. */
            bids: number;
            /** @description Distinct impressions joined to their bid within the attribution window. */
            impressions: number;
            /** @description Distinct clicks joined to a counted impression within the click window. */
            clicks: number;
            /** @description Sum of the impressions’ clearing prices, in micro-units of the account currency. */
            spend: number;
        };
        /** @description A campaign's totals over the requested range and one page of its buckets, oldest first. */
        CampaignReport: {
            campaign_item_id: number;
            /** @enum {string} */
            granularity: "period" | "hour" | "day";
            totals: components["schemas"]["Counts"];
            periods: components["schemas"]["PeriodCounts"][];
            /** @description Pass as `next_token` for the next page; null on the last page. */
            next_token: string | null;
        };
        /** @description One campaign's totals over the range, with its ratios. */
        CampaignSummary: {
            campaign_item_id: number;
            /** @description Distinct bids. */
            bids: number;
            /** @description Distinct impressions joined to their bid within the attribution window. */
            impressions: number;
            /** @description Distinct clicks joined to a counted impression within the click window. */
            clicks: number;
            /** @description Sum of the impressions’ clearing prices, in micro-units of the account currency. */
            spend: number;
            /** @description impressions / bids; null without bids. */
            win_rate: number | null;
            /** @description clicks / impressions; null without impressions. */
            ctr: number | null;
        };
        /** @description Every campaign with activity in the range, sorted, one page at a time. */
        CampaignList: {
            /** @description Inclusive start of the range, a whole UTC hour (ISO-8601). */
            from: string;
            /** @description Exclusive end of the range, a whole UTC hour (ISO-8601). */
            to: string;
            /** @enum {string} */
            sort: "campaign_item_id" | "bids" | "impressions" | "clicks" | "spend" | "win_rate" | "ctr";
            /** @enum {string} */
            order: "asc" | "desc";
            /** @description Campaigns with activity in the range, over every page. */
            campaign_count: number;
            totals: components["schemas"]["Counts"];
            campaigns: components["schemas"]["CampaignSummary"][];
            /** @description Pass as `next_token` for the next page; null on the last page. */
            next_token: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listCampaigns: {
        parameters: {
            query?: {
                /** @description Inclusive start, a whole UTC hour: ISO-8601 or epoch seconds. Default: 24 hours before `to`. */
                from?: string;
                /** @description Exclusive end, a whole UTC hour, at most 92 days after `from`. Default: the end of the hour in progress. */
                to?: string;
                /** @description The figure to sort by; ties by campaign id. */
                sort?: "campaign_item_id" | "bids" | "impressions" | "clicks" | "spend" | "win_rate" | "ctr";
                /** @description Sort order; default `asc` by campaign id, else `desc`. Campaigns without a ratio go last either way. */
                order?: "asc" | "desc";
                /** @description Campaigns per page. */
                limit?: number;
                /** @description The previous page's `next_token`, with the same `from`, `to`, `sort` and `order`. */
                next_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of campaigns and the totals over every campaign. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignList"];
                };
            };
            /** @description A bad parameter (unknown parameters included); `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials (a SigV4 signature or an `x-api-key`), or an unknown route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stage is throttling requests; retry with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The function or API Gateway failed; retry later. */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCampaignReport: {
        parameters: {
            query?: {
                /** @description Inclusive start: ISO-8601 (`2026-11-22`, `2026-11-22T10:00:00Z`) or epoch seconds. Default: the first period. */
                from?: string;
                /** @description Exclusive end, after `from`; same formats. Default: the latest period. */
                to?: string;
                /** @description Bucket size: one aggregation window (`period`), an hour or a day (UTC). */
                granularity?: "period" | "hour" | "day";
                /** @description Buckets per page. */
                limit?: number;
                /** @description The previous page's `next_token`, with the same campaign, `from`, `to` and `granularity`. */
                next_token?: string;
            };
            header?: never;
            path: {
                /** @description The campaign line item. */
                campaign_item_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The campaign's totals and one page of buckets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignReport"];
                };
            };
            /** @description A bad campaign id or parameter (unknown parameters included); `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials (a SigV4 signature or an `x-api-key`), or an unknown route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Campaign 9007199254740991, reserved for the freshness canary: it has no report. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stage is throttling requests; retry with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The function or API Gateway failed; retry later. */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
