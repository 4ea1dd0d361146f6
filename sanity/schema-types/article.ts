import {DocumentTextIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'
import {articleInitialValue} from '../lib/initial-values'
import {HEADLINE_SOFT_LIMIT, isUniqueSlugPerType} from '../lib/validation'
import {requiredAlt, topicsField} from './fields'

export const article = defineType({
  name: 'article',
  title: 'Article',
  type: 'document',
  icon: DocumentTextIcon,
  initialValue: articleInitialValue,
  groups: [
    {name: 'content', title: 'Content', default: true},
    {name: 'meta', title: 'Details'},
    {name: 'seo', title: 'SEO'},
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Headline',
      type: 'string',
      group: 'content',
      validation: (rule) => [
        rule.required().error('A headline is required'),
        rule.max(HEADLINE_SOFT_LIMIT).warning(`Headlines over ${HEADLINE_SOFT_LIMIT} characters are cut off in most listings`),
      ],
    }),
    defineField({
      name: 'slug',
      type: 'slug',
      group: 'content',
      options: {source: 'title', maxLength: 96, isUnique: isUniqueSlugPerType},
      validation: (rule) => rule.required(),
    }),
    defineField({name: 'dek', title: 'Standfirst', type: 'text', rows: 2, group: 'content'}),
    defineField({
      name: 'mainImage',
      title: 'Main image',
      type: 'image',
      group: 'content',
      options: {hotspot: true},
      fields: [requiredAlt(), defineField({name: 'caption', type: 'string'}), defineField({name: 'credit', type: 'string'})],
    }),
    defineField({name: 'body', type: 'blockContent', group: 'content'}),
    defineField({
      name: 'author',
      type: 'reference',
      to: [{type: 'author'}],
      group: 'meta',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'publishedAt',
      title: 'Published at',
      type: 'datetime',
      group: 'meta',
      validation: (rule) => rule.required(),
    }),
    defineField({name: 'updatedAt', title: 'Updated at', type: 'datetime', group: 'meta'}),
    {...topicsField(), group: 'meta'},
    defineField({
      name: 'hasAffiliateLinks',
      title: 'Contains affiliate links',
      type: 'boolean',
      group: 'meta',
      description: "Shows the site's affiliate disclosure above the body.",
      initialValue: false,
    }),
    defineField({name: 'seo', title: 'SEO', type: 'seo', group: 'seo'}),
  ],
  orderings: [{title: 'Newest first', name: 'publishedAtDesc', by: [{field: 'publishedAt', direction: 'desc'}]}],
  preview: {
    select: {title: 'title', author: 'author.name', date: 'publishedAt', media: 'mainImage', slug: 'slug.current'},
    // The Studio's document lists add the published / draft status beside each preview.
    prepare: ({title, author, date, media, slug}) => ({
      title: title || 'Untitled article',
      subtitle: [author ?? 'No author', date ? new Date(date).toISOString().slice(0, 10) : 'No date', slug ? null : 'No slug']
        .filter(Boolean)
        .join(' · '),
      media,
    }),
  },
})
