with

documents as (
    select * from {{ source('budget_text', 'documents') }}
),

final as (
    select
        document_id,
        file_name,
        sha256,
        encoding as source_encoding,
        fiscal_year,
        issuer,
        layout_name,
        source_format,
        title,
        title_line,
        line_count,
        loaded_at,
        table_part,
        line_level,
        declared_source
    from documents
)

select * from final
